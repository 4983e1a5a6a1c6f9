package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelHabits;
import io.fablestream.platform.model.ollama.ReceivedRequest;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole line end to end: the real embedded broker, the four services, story memory on disk, and
 * the Ollama-API test server standing where Ollama would answer.
 */
class LineIT {
  private static final Path CHELSEA = Path.of("../docs/samples/chelsea.png");
  // The two other sample photos, kept beside the analyzer's tests (see their images/README.md).
  private static final Path ASTRONAUT =
      Path.of("../analyzer-service/src/test/resources/images/astronaut.png");
  private static final Path MOTORCYCLE =
      Path.of("../analyzer-service/src/test/resources/images/motorcycle_left.png");
  private static final Path TRUNCATED = Path.of("src/test/resources/images/truncated.jpg");
  private static final Pattern CHAPTER_PROMPT = Pattern.compile("Write chapter (\\d+) of");
  private static final String PASSAGES = "PASSAGES FROM EARLIER IN THE BOOK";

  /** What generate prints on stdout, and nothing else. */
  private static final String OWN_LINE =
      "Logs: .+|Starting the line\\.\\.\\.|Kafka: embedded broker at \\S+ \\(data in .+\\)"
          + "|Book [0-9a-f-]{36}: chelsea\\.png, \\d+ chapters|\\[\\d\\d:\\d\\d\\] .+|Wrote \".+\" to .+"
          // The plan's lines under its progress line: main conflict, cast, one per beat.
          + "|      \\S.*";

  @TempDir Path dir;

  @RegisterExtension final StoryOllamaExtension models = StoryOllamaExtension.eachTest();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Map<String, String> settings() {
    Map<String, String> values = models.lineSettings(dir.resolve("data"));
    values.put("ollama.retry.backoff", "100ms");
    return values;
  }

  private int cli(Map<String, String> settings, String... args) {
    return LineTestConfig.cli(settings, out, err, args);
  }

  @Test
  void pictureBecomesABookWithArcSummariesWhereTheyBelongAndRetrievedContextInEveryLaterPrompt()
      throws Exception {
    Path book = dir.resolve("book.md");

    Launched run =
        launcher(
            settings(),
            "generate",
            CHELSEA.toString(),
            "--chapters=4",
            "--arc-length=2",
            "--words=60",
            "--title=Chelsea and the Shelf",
            "--out=" + book);

    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
    // A healthy run says nothing on stderr: no JVM warning, no broker or client log.
    assertThat(run.err()).isEmpty();
    // stdout is the command's own lines: where the logs are, the start, the progress, the file.
    List<String> lines = run.out().lines().toList();
    assertThat(lines)
        .allSatisfy(line -> assertThat(line).matches(OWN_LINE))
        .contains(
            "Logs: "
                + dir.resolve("data/logs/fablestream.log").toAbsolutePath()
                + " (--verbose shows them here too)")
        .last()
        .isEqualTo("Wrote \"Chelsea and the Shelf\" to " + book.toAbsolutePath());
    assertThat(run.out())
        .contains("chapter 1 of 4 written", "chapter 4 of 4 written", "book completed");
    String markdown = Files.readString(book);
    assertThat(markdown)
        .startsWith("---\nlang: \"en\"\nquality:\n  lengthScore: ")
        .contains("\n---\n\n# Chelsea and the Shelf\n");
    int[] headings = new int[5];
    for (int n = 1; n <= 4; n++) {
      headings[n] = markdown.indexOf("## Chapter " + n + ": The Shelf, Part " + n);
      assertThat(headings[n]).as("chapter %d", n).isGreaterThan(headings[n - 1]);
    }
    // Arcs of 2 in 4 chapters: a summary after chapter 2 and one after chapter 4, the last.
    int summary = markdown.indexOf("> **The story so far (chapters 1-2).**");
    assertThat(summary).isBetween(headings[2], headings[3]);
    assertThat(markdown.indexOf("(chapters 3-4)")).isGreaterThan(headings[4]);

    List<ReceivedRequest> chapterPrompts =
        models.server().requests().stream()
            .filter(r -> r.prompt() != null && CHAPTER_PROMPT.matcher(r.prompt()).find())
            .toList();
    assertThat(chapterPrompts).hasSizeGreaterThanOrEqualTo(4);
    for (ReceivedRequest request : chapterPrompts) {
      Matcher m = CHAPTER_PROMPT.matcher(request.prompt());
      m.find();
      int n = Integer.parseInt(m.group(1));
      if (n == 1) {
        continue;
      }
      String prompt = request.prompt();
      // Chapters of 60 words: the previous one is quoted whole as "the previous chapter ended",
      // so retrieval leaves it out and brings the chapters before it (BeatQuery).
      if (n == 2) {
        assertThat(prompt).as("the prompt of chapter 2").doesNotContain(PASSAGES);
        continue;
      }
      assertThat(prompt).as("the prompt of chapter %d", n).contains(PASSAGES);
      String passages = prompt.substring(prompt.indexOf(PASSAGES), prompt.indexOf("THIS CHAPTER"));
      boolean earlier = false;
      for (int j = 1; j < n - 1; j++) {
        earlier |= passages.contains("Tale" + j + " ");
      }
      assertThat(earlier).as("chapter %d's prompt carries text of an earlier chapter", n).isTrue();
      assertThat(passages).doesNotContain("Tale" + (n - 1) + " ");
    }
  }

  /**
   * The line as separate processes, each started by {@code ./fablestream} on the packaged jar: a
   * broker ({@code fablestream broker}) and one {@code fablestream service} of each kind, with
   * story memory at its default (kept in Kafka). The indexer's chunks reach chapter-service in
   * another JVM, so chapter 3's prompt carries passages of chapters 1 and 2; chapter-service is
   * SIGKILLed once chapter 1 is committed and started again on its data directory, and the book
   * still ends once, each chapter written once.
   */
  @Test
  void separateProcessesShareStoryMemoryAndAChapterServiceKilledMidBookEndsTheBookOnce()
      throws Exception {
    // Model calls take a while, so the kill lands while the book is in flight.
    models.server().latency(request -> Duration.ofMillis(700));
    Map<String, String> brokerSettings = settings();
    brokerSettings.put("data.dir", dir.resolve("broker").toString());
    List<Background> started = new ArrayList<>();
    try {
      Background broker = background(brokerSettings, "broker.log", "broker");
      started.add(broker);
      String ready = broker.awaitLine("Ready.", Duration.ofMinutes(3));
      String bootstrap = ready.replaceAll(".*KAFKA_BOOTSTRAP_SERVERS=(\\S+) .*", "$1");
      Map<String, Map<String, String>> serviceSettings = new java.util.LinkedHashMap<>();
      for (String service : List.of("analyzer", "indexer", "chapter", "summarizer")) {
        Map<String, String> values = settings();
        values.put("data.dir", dir.resolve(service).toString());
        values.put("kafka.bootstrap.servers", bootstrap);
        serviceSettings.put(service, values);
      }
      Map<String, Background> services = new java.util.LinkedHashMap<>();
      serviceSettings.forEach(
          (service, values) -> {
            Background b = background(values, service + ".log", "service", service);
            started.add(b);
            services.put(service, b);
          });
      for (Background service : services.values()) {
        service.awaitLine("Ready.", Duration.ofMinutes(4));
      }

      String bookId = UUID.randomUUID().toString();
      TestProducer.sendOnce(
          bootstrap,
          Topics.IMAGES_SUBMITTED,
          bookId,
          TestProducer.pngRequest(bookId, Files.readAllBytes(CHELSEA))
              .setTitle("Apart")
              .setChapterCount(3)
              .setArcLength(3)
              .setWordsPerChapter(60)
              .setRequestedBy("line-it")
              .build());
      org.awaitility.Awaitility.await("chapter 1 committed")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> !CommittedLog.read(bootstrap).values(Topics.CHAPTERS_WRITTEN).isEmpty());
      services.get("chapter").kill();
      Background chapter =
          background(serviceSettings.get("chapter"), "chapter-2.log", "service", "chapter");
      started.add(chapter);
      chapter.awaitLine("Ready.", Duration.ofMinutes(4));

      org.awaitility.Awaitility.await("the book completed, and the line quiet")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  !CommittedLog.read(bootstrap).values(Topics.BOOKS_COMPLETED).isEmpty()
                      && CommittedLog.quiescent(bootstrap));
      CommittedLog log = CommittedLog.read(bootstrap);
      assertThat(log.values(Topics.BOOKS_COMPLETED))
          .singleElement()
          .satisfies(done -> assertThat(done.getBookId()).isEqualTo(bookId));
      assertThat(log.values(Topics.BOOKS_FAILED)).isEmpty();
      assertThat(log.values(Topics.CHAPTERS_WRITTEN))
          .extracting(ChapterWritten::getChapterNumber)
          .containsExactly(1, 2, 3);
      assertThat(log.deadLetters()).isZero();
    } finally {
      for (Background b : started) {
        b.kill();
      }
    }
    // Every prompt of chapter 3 (the one before the kill too, if any) carries the two chapters
    // before it, from the chunks the indexer's process put on ChapterIndexed.
    List<ReceivedRequest> third =
        models.server().requests().stream()
            .filter(r -> r.prompt() != null && CHAPTER_PROMPT.matcher(r.prompt()).find())
            .filter(r -> r.prompt().contains("Write chapter 3 of"))
            .toList();
    assertThat(third).isNotEmpty();
    for (ReceivedRequest request : third) {
      // Chapter 2 is quoted whole as the previous chapter's end: retrieval brings chapter 1.
      String prompt = request.prompt();
      assertThat(prompt).contains(PASSAGES);
      assertThat(prompt.substring(prompt.indexOf(PASSAGES)))
          .as("chapter 3's prompt carries chapter 1's text from the chunks on ChapterIndexed")
          .contains("Tale1 ");
    }
  }

  /** A process the launcher started that runs until stopped, its output in a file. */
  private record Background(Process process, Path log) {
    /** The first line of its output that starts so, once it is printed. */
    String awaitLine(String start, Duration timeout) {
      String[] found = new String[1];
      org.awaitility.Awaitility.await(log.getFileName() + ": " + start)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertThat(process.isAlive()).as("%s exited:%n%s", log, read(log)).isTrue();
                found[0] =
                    read(log).lines().filter(l -> l.startsWith(start)).findFirst().orElse(null);
                return found[0] != null;
              });
      return found[0];
    }

    /** SIGKILL (the launcher execs the JVM, so the signal reaches it). */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
  }

  private Background background(Map<String, String> settings, String logName, String... args) {
    Path log = dir.resolve(logName);
    ProcessBuilder builder = launcherProcess(settings, args);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    // Five JVMs side by side: each a smaller heap than a whole line needs.
    builder.environment().put("FABLESTREAM_JAVA_OPTS", "-Xmx320m -XX:+UseSerialGC");
    try {
      return new Background(builder.start(), log);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void modelServerDownPrintsOneMessageWithItsFixAndWhereTheLogsAre() throws Exception {
    Map<String, String> settings = settings();
    String nowhere = "http://127.0.0.1:" + FreePorts.next();
    settings.put("ollama.host", nowhere);
    settings.put("ollama.retries", "0");

    Launched run = launcher(settings, "generate", CHELSEA.toString());

    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.OLLAMA);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("Ollama is not reachable at " + nowhere)
        .contains("\nStart it with:\n  ollama serve\n")
        .contains("\n  ollama pull llava:7b\n  ollama pull llama3.1:8b\n")
        .endsWith("\nLogs: " + dir.resolve("data/logs/fablestream.log").toAbsolutePath() + "\n")
        .doesNotContain("WARN");
  }

  @Test
  void unreadablePictureFailsTheBookAndTheCliExitsThreeWithTheReason() {
    int code = cli(settings(), "generate", TRUNCATED.toString(), "--chapters=2");

    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.BOOK_FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("The book failed at ANALYZE: IMAGE_UNREADABLE");
  }

  @Test
  void modelNotPulledExitsFourWithThePullCommand() {
    models.server().remove(StoryOllama.TEXT);

    int code = cli(settings(), "generate", CHELSEA.toString());

    assertThat(code).isEqualTo(ExitCodes.OLLAMA);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ollama pull llama3.1:8b");
    assertThat(dir.resolve("data").resolve("kafka")).doesNotExist();
  }

  @Test
  void lineStoppedAfterChapterTwoResumesAndPublishesEveryChapterExactlyOnce() throws Exception {
    // Slow model calls keep the book in flight while the line stops.
    models.server().latency(request -> Duration.ofMillis(300));
    Config config = Config.of(settings());
    String bookId = UUID.randomUUID().toString();
    int chapters = 5;

    try (FablestreamApp app =
        FablestreamApp.start(config, FablestreamApp.Options.line(false), System.out)) {
      ChelseaBook.submit(
          app.kafka(), bookId, new BookRequest(chapters, 2, 60, "Twice Begun"), "test");
      awaitCommitted(
          app,
          Topics.CHAPTERS_WRITTEN,
          bookId,
          records -> records.stream().anyMatch(c -> ((ChapterWritten) c).getChapterNumber() >= 2));
    }

    try (FablestreamApp app =
        FablestreamApp.start(config, FablestreamApp.Options.line(false), System.out)) {
      List<SpecificRecord> completed =
          awaitCommitted(app, Topics.BOOKS_COMPLETED, bookId, records -> !records.isEmpty());
      // A moment more for any duplicate to show itself before counting.
      List<SpecificRecord> written =
          awaitCommitted(
              app, Topics.CHAPTERS_WRITTEN, bookId, records -> records.size() >= chapters);

      assertThat(completed).hasSize(1);
      BookCompleted book = (BookCompleted) completed.get(0);
      assertThat(book.getChapters())
          .extracting(BookChapter::getNumber)
          .containsExactly(1, 2, 3, 4, 5);
      assertThat(book.getSummaries()).hasSize(3);
      assertThat(book.getSynopsis()).isEqualTo(StoryOllama.BLURB);
      assertThat(written)
          .extracting(c -> ((ChapterWritten) c).getChapterNumber())
          .containsExactly(1, 2, 3, 4, 5);
      // The writer's summary and story-bible delta, and the evidence-first judgement, fit what
      // chapter-service reads: every chapter passed, and the bible grew from each of them.
      assertThat(written)
          .allSatisfy(
              c -> {
                ChapterWritten chapter = (ChapterWritten) c;
                assertThat(chapter.getValidation().getPassed()).isTrue();
                // The tone the lenient judge gives a chapter whose evidence holds: 4 of 5.
                assertThat(chapter.getValidation().getTone()).isEqualTo(ModelHabits.LENIENT_TONE);
                assertThat(chapter.getSummary())
                    .isEqualTo(
                        "Chelsea tries way "
                            + chapter.getChapterNumber()
                            + " to reach the shelf. The yarn slips.");
              });
      assertThat(book.getBible().getCast())
          .extracting(c -> c.getName())
          .contains("Chelsea", "Biscuit");
      assertThat(book.getBible().getFacts())
          .extracting(f -> f.getChapter())
          .containsExactly(0, 1, 2, 3, 4, 5);
    }
  }

  @Test
  void httpApiOnTheRunningLineGeneratesABookAndServesItsViewEventsAndMarkdown() throws Exception {
    try (FablestreamApp app =
        FablestreamApp.start(
            Config.of(settings()), FablestreamApp.Options.line(true), System.out)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + app.apiPort();

      HttpResponse<String> generated =
          http.send(
              Multipart.post(
                  URI.create(base + "/generate"),
                  "chelsea.png",
                  Files.readAllBytes(CHELSEA),
                  Map.of("chapters", "3", "arcLength", "2", "words", "60", "title", "By Post")),
              HttpResponse.BodyHandlers.ofString());

      assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
      JsonNode book = Json.mapper().readTree(generated.body());
      assertThat(book.path("stage").asText()).isEqualTo("COMPLETED");
      assertThat(book.path("title").asText()).isEqualTo("By Post");
      assertThat(book.path("chapters").findValuesAsText("number")).containsExactly("1", "2", "3");
      assertThat(book.path("summaries")).hasSize(2);
      String bookId = book.path("bookId").asText();

      HttpResponse<String> view =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/books/" + bookId)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(Json.mapper().readTree(view.body()).path("chapters")).hasSize(3);
      HttpResponse<String> markdown =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/books/" + bookId + ".md")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(markdown.body())
          .startsWith("---\nlang: \"en\"\nquality:\n  lengthScore: ")
          .contains("\n---\n\n# By Post\n")
          .contains("## Chapter 3: ");
      HttpResponse<String> events =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/books/" + bookId + "/events"))
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(events.body()).contains("event: book.completed");
    }
  }

  @Test
  void anAlbumOfThreePicturesBecomesABookOfFourChaptersThroughEachPictureInOrder()
      throws Exception {
    List<Map.Entry<String, byte[]>> album =
        List.of(
            Map.entry("chelsea.png", Files.readAllBytes(CHELSEA)),
            Map.entry("astronaut.png", Files.readAllBytes(ASTRONAUT)),
            Map.entry("motorcycle_left.png", Files.readAllBytes(MOTORCYCLE)));
    try (FablestreamApp app =
        FablestreamApp.start(
            Config.of(settings()), FablestreamApp.Options.line(true), System.out)) {
      HttpResponse<String> accepted =
          HttpClient.newHttpClient()
              .send(
                  Multipart.post(
                      URI.create("http://127.0.0.1:" + app.apiPort() + "/books"),
                      album,
                      Map.of("chapters", "4", "arcLength", "2", "words", "60", "title", "Album")),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      String bookId = Json.mapper().readTree(accepted.body()).path("bookId").asText();

      List<SpecificRecord> completed =
          awaitCommitted(app, Topics.BOOKS_COMPLETED, bookId, records -> !records.isEmpty());

      // The chapter-to-picture map: each picture used, in the album's order.
      BookCompleted book = (BookCompleted) completed.getFirst();
      assertThat(book.getChapters())
          .extracting(BookChapter::getNumber, BookChapter::getPicture)
          .containsExactly(ChapterPictures.inOrder(1, 1, 2, 3));
      // One vision call per picture, each with its own picture, and no more.
      List<ReceivedRequest> vision =
          models.server().requests().stream().filter(r -> !r.images().isEmpty()).toList();
      assertThat(vision).hasSize(3);
      assertThat(vision.stream().map(r -> r.images().getFirst())).doesNotHaveDuplicates();
      // The writer of chapter n is shown its own picture.
      assertThat(
              models.server().requests().stream()
                  .map(ReceivedRequest::prompt)
                  .filter(p -> p != null && p.contains("Write chapter 3 of 4"))
                  .toList())
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p).contains("This chapter grows from picture 2 of 3"));
    }
  }

  /** What the launcher printed, and its exit code. */
  record Launched(int code, String out, String err) {}

  /**
   * {@code ./fablestream} as a person runs it, on the jar this build packaged, with the JDK that
   * runs the tests and these settings as {@code --set} options; nothing from the environment the
   * build runs in.
   */
  private Launched launcher(Map<String, String> settings, String... args) throws Exception {
    Path stdout = dir.resolve("launcher.out");
    Path stderr = dir.resolve("launcher.err");
    ProcessBuilder builder =
        launcherProcess(settings, args)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Process process = builder.start();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("./fablestream did not finish in 5 minutes:\n" + read(stdout));
    }
    return new Launched(process.exitValue(), read(stdout), read(stderr));
  }

  /**
   * {@code ./fablestream ARGS --set k=v...}, to be started; nothing from the build's environment.
   */
  private static ProcessBuilder launcherProcess(Map<String, String> settings, String... args) {
    Path launcher = Path.of("../fablestream").toAbsolutePath().normalize();
    assertThat(Path.of("target/fablestream.jar"))
        .as("the jar, packaged before the integration tests run (mvn verify)")
        .exists();
    List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    settings.forEach((k, v) -> command.add("--set=" + k + "=" + v));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("FABLESTREAM_")
                    || k.startsWith("KAFKA_")
                    || k.startsWith("OLLAMA_")
                    || k.startsWith("OPENAI_")
                    || k.startsWith("JAVA_TOOL_OPTIONS")
                    || k.startsWith("JDK_JAVA_OPTIONS"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("FABLESTREAM_JAVA_OPTS", "-Xmx768m -XX:+UseSerialGC");
    return builder;
  }

  private static String read(Path file) throws java.io.IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** The committed records of one book on a topic, read until the condition holds. */
  private static <V extends SpecificRecord> List<SpecificRecord> awaitCommitted(
      FablestreamApp app,
      Topic<V> topic,
      String bookId,
      java.util.function.Predicate<List<SpecificRecord>> done) {
    Properties props = TopicPolls.fromTheStart(app.kafka().bootstrapServers(), "line-it");
    List<SpecificRecord> seen = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      seen.addAll(
          TopicPolls.valuesUntil(
              consumer,
              "waiting on " + topic.name(),
              Duration.ofMinutes(5),
              r -> bookId.equals(r.key()),
              kept -> done.test(Collections.unmodifiableList(kept))));
      // Whatever else is committed now, so a duplicate would be counted.
      consumer
          .poll(Duration.ofSeconds(2))
          .forEach(
              r -> {
                if (bookId.equals(r.key())) {
                  seen.add(r.value());
                }
              });
    }
    return seen;
  }
}
