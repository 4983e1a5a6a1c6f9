package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ollama.OllamaTestServer;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole line end to end: the real embedded broker, the four services, story memory on disk, and
 * the Ollama-API test server standing where Ollama would answer.
 */
class LineIT {
  private static final Path CHELSEA = Path.of("../docs/samples/chelsea.png");
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

  private OllamaTestServer ollama;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startOllama() {
    ollama =
        OllamaTestServer.start(StoryOllama.VISION, StoryOllama.TEXT).respondWith(new StoryOllama());
  }

  @AfterEach
  void stopOllama() {
    ollama.close();
  }

  private Map<String, String> settings() {
    Map<String, String> values = LineTestConfig.values(dir.resolve("data"));
    values.put("ollama.host", ollama.uri().toString());
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
        ollama.requests().stream()
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
      assertThat(prompt).as("the prompt of chapter %d", n).contains(PASSAGES);
      String passages = prompt.substring(prompt.indexOf(PASSAGES));
      boolean earlier = false;
      for (int j = 1; j < n; j++) {
        earlier |= passages.contains("Tale" + j + " ");
      }
      assertThat(earlier).as("chapter %d's prompt carries text of an earlier chapter", n).isTrue();
    }
  }

  @Test
  void storyMemoryKeptInKafkaGivesEveryLaterPromptPassagesOfEarlierChapters() throws Exception {
    Map<String, String> settings = settings();
    settings.put("memory.store", "kafka");
    Path book = dir.resolve("kafka-memory.md");

    Launched run =
        launcher(
            settings,
            "generate",
            CHELSEA.toString(),
            "--chapters=3",
            "--arc-length=3",
            "--words=60",
            "--out=" + book);

    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(book)).contains("## Chapter 3:");
    List<ReceivedRequest> laterPrompts =
        ollama.requests().stream()
            .filter(r -> r.prompt() != null && CHAPTER_PROMPT.matcher(r.prompt()).find())
            .filter(r -> !r.prompt().contains("Write chapter 1 of"))
            .toList();
    assertThat(laterPrompts).hasSizeGreaterThanOrEqualTo(2);
    for (ReceivedRequest request : laterPrompts) {
      String prompt = request.prompt();
      assertThat(prompt).contains(PASSAGES);
      String passages = prompt.substring(prompt.indexOf(PASSAGES));
      assertThat(passages.contains("Tale1 ") || passages.contains("Tale2 "))
          .as("a later prompt carries text of an earlier chapter from the chunks on ChapterIndexed")
          .isTrue();
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
    ollama.remove(StoryOllama.TEXT);

    int code = cli(settings(), "generate", CHELSEA.toString());

    assertThat(code).isEqualTo(ExitCodes.OLLAMA);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ollama pull llama3.1:8b");
    assertThat(dir.resolve("data").resolve("kafka")).doesNotExist();
  }

  @Test
  void lineStoppedAfterChapterTwoResumesAndPublishesEveryChapterExactlyOnce() throws Exception {
    // Slow model calls keep the book in flight while the line stops.
    ollama.latency(request -> Duration.ofMillis(300));
    Config config = Config.of(settings());
    String bookId = UUID.randomUUID().toString();
    int chapters = 5;

    try (FablestreamApp app =
        FablestreamApp.start(config, FablestreamApp.Options.line(false), System.out)) {
      try (BookSubmitter submitter = new BookSubmitter(app.kafka(), Clock.systemUTC())) {
        submitter.submit(
            bookId,
            ImageInput.read(CHELSEA, 20_000_000),
            new BookRequest(chapters, 2, 60, "Twice Begun"),
            "test");
      }
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

  /** What the launcher printed, and its exit code. */
  record Launched(int code, String out, String err) {}

  /**
   * {@code ./fablestream} as a person runs it, on the jar this build packaged, with the JDK that
   * runs the tests and these settings as {@code --set} options; nothing from the environment the
   * build runs in.
   */
  private Launched launcher(Map<String, String> settings, String... args) throws Exception {
    Path launcher = Path.of("../fablestream").toAbsolutePath().normalize();
    assertThat(Path.of("target/fablestream.jar"))
        .as("the jar, packaged before the integration tests run (mvn verify)")
        .exists();
    List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    settings.forEach((k, v) -> command.add("--set=" + k + "=" + v));
    Path stdout = dir.resolve("launcher.out");
    Path stderr = dir.resolve("launcher.err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
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
    Process process = builder.start();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("./fablestream did not finish in 5 minutes:\n" + read(stdout));
    }
    return new Launched(process.exitValue(), read(stdout), read(stderr));
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
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, app.kafka().bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "line-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<SpecificRecord> seen = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (!done.test(seen)) {
        assertThat(System.nanoTime()).as("waiting on " + topic.name()).isLessThan(deadline);
        consumer
            .poll(Duration.ofMillis(250))
            .forEach(
                r -> {
                  if (bookId.equals(r.key())) {
                    seen.add(r.value());
                  }
                });
      }
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
