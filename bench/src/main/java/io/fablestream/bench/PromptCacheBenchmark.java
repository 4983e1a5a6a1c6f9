package io.fablestream.bench;

import io.fablestream.app.FablestreamApp;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.PromptPrefixes;
import io.fablestream.platform.model.TokenTable;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import io.fablestream.platform.model.ollama.ReceivedRequest;
import io.fablestream.platform.model.ollama.Reply;
import io.fablestream.schemas.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What one book costs in model calls and prompt tokens on a model that behaves like a real 7-8B one
 * (Llama 3's tokenizer table, about 60% of any chapter asked above 800 words, a preamble before
 * every summary and blurb), and the share of the prompt tokens a server's prefix cache could reuse:
 * for each call, the longest prefix (system message, then prompt) it shares with a call sent before
 * it for the same book. Run by hand, on this branch and on an earlier one, to compare; see
 * docs/performance.md.
 *
 * <pre>
 * java -cp $CP io.fablestream.bench.PromptCacheBenchmark 5x300 30x1000
 * </pre>
 *
 * <p>With {@code -Dbench.prompts=DIR} it also writes the writer's prompts (system message, then
 * prompt) to DIR, one file a call.
 */
public final class PromptCacheBenchmark {
  private static final String VISION = "llava:7b";
  private static final String TEXT = "llama3.1:8b";
  private static final Pattern CHAPTER = Pattern.compile("Write chapter (\\d+) of");
  private static final Pattern ABOUT = Pattern.compile("(?i)about (\\d+) (?:more )?words");

  private PromptCacheBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "bench-logback.xml");
    }
    for (String shape : args.length == 0 ? new String[] {"5x300", "30x1000"} : args) {
      String[] parts = shape.split("x");
      run(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }
    System.exit(0);
  }

  private static void run(int chapters, int words) throws Exception {
    Path data = Files.createTempDirectory("fablestream-prompt-bench");
    try (OllamaTestServer ollama =
        OllamaTestServer.start(VISION, TEXT)
            .tokenTable(TokenTable.LLAMA_3)
            .respondWith(PromptCacheBenchmark::answer)) {
      Map<String, String> values = new HashMap<>();
      values.put("data.dir", data.toString());
      values.put("embedded.kafka.port", Integer.toString(freePort()));
      values.put("embedded.kafka.controller.port", Integer.toString(freePort()));
      values.put("ollama.host", ollama.uri().toString());
      values.put("ollama.vision.model", VISION);
      values.put("ollama.text.model", TEXT);
      values.put("topics.partitions", "1");
      values.put("start.timeout", "180s");
      try (FablestreamApp app =
          FablestreamApp.start(Config.of(values), FablestreamApp.Options.line(false), System.out)) {
        String bootstrap = app.kafka().bootstrapServers();
        String bookId = "prompt-bench-" + UUID.randomUUID();
        submit(bootstrap, bookId, chapters, words);
        String outcome = await(bootstrap, bookId, Duration.ofMinutes(20));
        report(chapters, words, outcome, ollama.requests("/api/generate"));
      }
    }
  }

  private static void report(int chapters, int words, String outcome, List<ReceivedRequest> calls) {
    List<String> all = new ArrayList<>();
    List<String> writer = new ArrayList<>();
    long prompt = 0;
    long output = 0;
    long bibleFields = 0;
    long writtenText = 0;
    for (ReceivedRequest call : calls) {
      String text = (call.system() == null ? "" : call.system() + "\n") + call.prompt();
      prompt += TokenTable.LLAMA_3.count(text, "en");
      output += TokenTable.LLAMA_3.count(answer(call).text(), "en");
      if (call.images().isEmpty()) {
        all.add(text);
        if (CHAPTER.matcher(text).find() && !text.contains("You judge one chapter")) {
          writer.add(text);
          String said = answer(call).text();
          int fields = said.indexOf(", \"summary\"");
          if (fields > 0) {
            String chapterOnly = said.substring(0, fields) + "}";
            bibleFields +=
                TokenTable.LLAMA_3.count(said, "en") - TokenTable.LLAMA_3.count(chapterOnly, "en");
            writtenText += TokenTable.LLAMA_3.count(chapterOnly, "en");
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "book %dx%d: %s; %d calls (%d writer), %d prompt tokens, about %d output tokens;"
            + " prefix cache reuses %.1f%% of the text calls' prompt tokens, %.1f%% of the"
            + " writer's (%.1f%% from the writer's call just before)%n",
        chapters,
        words,
        outcome,
        calls.size(),
        writer.size(),
        prompt,
        output,
        100 * PromptPrefixes.reusedShare(all, TokenTable.LLAMA_3, "en"),
        100 * PromptPrefixes.reusedShare(writer, TokenTable.LLAMA_3, "en"),
        100 * PromptPrefixes.reusedFromPreviousShare(writer, TokenTable.LLAMA_3, "en"));
    String dump = System.getProperty("bench.prompts");
    if (dump != null) {
      // The writer's prompts, one file each, to see what each part of them costs.
      try {
        Path dir = Files.createDirectories(Path.of(dump));
        for (int i = 0; i < writer.size(); i++) {
          Files.writeString(
              dir.resolve(chapters + "x" + words + "-writer-" + (i + 1) + ".txt"), writer.get(i));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    // What the story bible's fields cost in the writer's answers, and the chapters an extraction
    // call per chapter would have to read again instead (docs/bible.md).
    System.out.printf(
        Locale.ROOT,
        "book %dx%d: the writer's summary and bible fields, %d output tokens; the chapters they"
            + " describe, %d tokens%n",
        chapters,
        words,
        bibleFields,
        writtenText);
  }

  private static final Pattern PLANNED = Pattern.compile("The book has (\\d+) chapters");
  private static final Pattern BEATS_ASKED = Pattern.compile("beats, chapter (\\d+) to (\\d+)");

  /** A 7-8B model's answers, told apart by what each service asks. */
  static Reply answer(ReceivedRequest request) {
    String prompt = (request.system() == null ? "" : request.system() + "\n") + request.prompt();
    boolean json = request.format() != null;
    if (!request.images().isEmpty()) {
      return Reply.text(
          "{\"setting\": \"A sunlit kitchen on a quiet morning\", \"characters\": [\"Chelsea, a"
              + " tabby cat\"], \"mood\": \"curious\", \"objects\": [\"a window\", \"a basket of"
              + " yarn\"], \"potentialConflicts\": [\"the cat wants the fish on the high"
              + " shelf\"]}");
    }
    if (prompt.contains("You judge one chapter")) {
      // Evidence first, as the judge's schema asks: the chapter's first sentence for conflict 1.
      Matcher judged = JUDGED.matcher(prompt);
      String first = "";
      if (judged.find()) {
        String text = judged.group(1).strip();
        int end = text.indexOf('.');
        first = end > 0 ? text.substring(0, end + 1) : text;
      }
      return Reply.text(
          "{\"evidence\": [{\"conflict\": \"the cat wants the fish on the high shelf\","
              + " \"sentence\": "
              + quoted(first)
              + "}], \"contradictions\": [], \"tone\": 4}");
    }
    Matcher planned = PLANNED.matcher(prompt);
    if (prompt.contains("Plan the book before it is written.") && planned.find()) {
      // A plan as a 7-8B model writes one: beats of about 30 words, endings of about 10.
      // Only the beats asked for: a long book is planned a part at a time.
      int from = 1;
      int chapters = Integer.parseInt(planned.group(1));
      Matcher asked = BEATS_ASKED.matcher(prompt);
      if (asked.find()) {
        from = Integer.parseInt(asked.group(1));
        chapters = Integer.parseInt(asked.group(2));
      }
      StringBuilder beats = new StringBuilder();
      for (int n = from; n <= chapters; n++) {
        beats
            .append(n > from ? ", " : "")
            .append("{\"chapter\": ")
            .append(n)
            .append(", \"beat\": \"Chelsea tries a new way up to the high shelf, this time")
            .append(" with the yarn basket and the kitchen chair, while the cook is busy at the")
            .append(" stove and the morning light moves across the floor\", \"ending\": \"the")
            .append(" chair tips and something falls from the shelf\"}");
      }
      if (from > 1) {
        return Reply.text("{\"beats\": [" + beats + "]}");
      }
      String direction =
          prompt.contains("direction: one line")
              ? "\"direction\": \"Chelsea learns the cook's habits and, in the end, wins the fish"
                  + " by patience rather than force\", "
              : "";
      return Reply.text(
          "{"
              + direction
              + "\"title\": \"The Silver Fish\", \"cast\": [{\"name\": \"Chelsea\", \"line\": \"a"
              + " patient tabby cat who wants the silver fish\"}, {\"name\": \"Mr. Pell\","
              + " \"line\": \"the cook who put the fish up high\"}], \"mainConflict\": \"Chelsea"
              + " must reach the fish on the high shelf\", \"beats\": ["
              + beats
              + "]}");
    }
    if (prompt.contains("Write the back-cover blurb")) {
      String blurb =
          "Here is a back-cover blurb:\n\n**The Silver Fish**\n\n"
              + "Chelsea, a tabby cat with patience to spare, wants the silver fish on the high shelf. "
                  .repeat(4)
              + "Will she reach it?";
      return Reply.text(json ? "{\"blurb\": " + quoted(blurb) + "}" : blurb);
    }
    if (prompt.contains("Summarize chapters")) {
      String summary =
          "Here is a summary in three sentences:\n\nChelsea watched the shelf. She made a plan"
              + " with the yarn. The fish was still out of reach ("
              + Integer.toHexString(prompt.hashCode())
              + ").";
      if (json && prompt.contains("\"bookSoFar\"")) {
        // The book so far, asked with the summary: about 100 words, with a preamble of its own.
        String soFar =
            "Here is the story so far:\n\nChelsea, a patient tabby, has tried again and again to"
                + " reach the silver fish on the high shelf, with the yarn basket and the kitchen"
                + " chair, while Mr. Pell cooks and Biscuit sleeps under the table. ".repeat(2)
                + "Each try ends with the chair tipping and something falling ("
                + Integer.toHexString(prompt.hashCode())
                + ").";
        return Reply.text(
            "{\"summary\": " + quoted(summary) + ", \"bookSoFar\": " + quoted(soFar) + "}");
      }
      return Reply.text(json ? "{\"summary\": " + quoted(summary) + "}" : summary);
    }
    Matcher chapter = CHAPTER.matcher(prompt);
    if (!chapter.find()) {
      return Reply.text("Once upon a time.");
    }
    int n = Integer.parseInt(chapter.group(1));
    Matcher about = ABOUT.matcher(prompt);
    int asked = 300;
    while (about.find()) {
      asked = Integer.parseInt(about.group(1));
    }
    int written = asked > 800 ? asked * 6 / 10 : asked;
    Random random = new Random(n * 7919L + prompt.length());
    StringBuilder text = new StringBuilder();
    String[] pool = {
      "lantern", "harbor", "storm", "window", "tide", "rope", "keeper", "shadow", "bell", "gull",
      "cold", "dark", "water", "light", "door", "salt", "wind", "stairs", "voice", "night"
    };
    for (int i = 0; i < written; i++) {
      text.append(
          i % 10 == 0
              ? (i == 0 ? "" : ". ") + "Tale" + n
              : " " + pool[random.nextInt(pool.length)]);
    }
    return Reply.text(
        "{\"title\": \"The Shelf, Part "
            + n
            + "\", \"text\": \""
            + text
            + ".\", "
            + BIBLE_FIELDS.formatted(n, n, n, n, n, n)
            + (n == 1
                ? ", \"newCharacters\": [{\"name\": \"Biscuit\", \"aliases\": [\"the dog\"],"
                    + " \"description\": \"Mr. Pell's old dog, who sleeps under the table\"}]"
                : ", \"newCharacters\": []")
            + ", \"threadsResolved\": "
            + (n > 1 ? "[\"what rattled behind the pantry door " + (n - 1) + "\"]" : "[]")
            + "}");
  }

  private static final Pattern JUDGED =
      Pattern.compile("The chapter, \"[^\"]*\":\n(.*?)\n\nAnswer in JSON", Pattern.DOTALL);

  /**
   * What a 7-8B model writes after the chapter when the schema asks for the summary and the story
   * bible's delta: two sentences, a change, three facts and a thread (about 90 words).
   */
  private static final String BIBLE_FIELDS =
      "\"summary\": \"Chelsea tries way %d to reach the silver fish, with the yarn basket and the"
          + " kitchen chair. The chair tips, and something falls from the high shelf.\","
          + " \"changes\": [{\"name\": \"Chelsea\", \"change\": \"bolder after try %d, but her"
          + " paw is sore\"}], \"facts\": [\"The kitchen chair %d wobbles on its short leg\","
          + " \"The yarn basket now sits by the stove after try %d\", \"Mr. Pell keeps the"
          + " pantry key %d in his apron\"], \"threadsOpened\": [\"what rattled behind the"
          + " pantry door %d\"]";

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static void submit(String bootstrap, String bookId, int chapters, int words) {
    try (KafkaProducer<String, ImageSubmitted> producer = BenchClients.producer(bootstrap)) {
      producer.send(
          BenchClients.request(bookId, 1, "The Silver Fish", new BookShape(chapters, 5, words)));
      producer.flush();
    }
  }

  private static String await(String bootstrap, String bookId, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    try (KafkaConsumer<String, byte[]> consumer =
        BenchClients.consumer(
            bootstrap,
            "prompt-bench-",
            "earliest",
            List.of(Topics.BOOKS_COMPLETED.name(), Topics.BOOKS_FAILED.name()),
            Map.of())) {
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.topic().equals(Topics.BOOKS_COMPLETED.name())) {
            BookCompleted done = BenchClients.value(Topics.BOOKS_COMPLETED, r);
            if (done.getBookId().equals(bookId)) {
              int shortest =
                  done.getChapters().stream().mapToInt(c -> c.getWordCount()).min().orElse(0);
              return "completed, "
                  + done.getChapters().size()
                  + " chapters, the shortest "
                  + shortest
                  + " words";
            }
          } else {
            BookFailed failed = BenchClients.value(Topics.BOOKS_FAILED, r);
            if (failed.getBookId().equals(bookId)) {
              return "FAILED " + failed.getReason() + ": " + failed.getMessage();
            }
          }
        }
      }
    }
    return "did not end within " + bound;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
