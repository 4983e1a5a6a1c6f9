package io.fablestream.bench;

import io.fablestream.app.EmbeddedKafkaSettings;
import io.fablestream.app.FablestreamApp;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;

/**
 * The line's run: the all-in-one app (embedded broker, the four services, one model gateway and one
 * story memory) on the load simulator. One warm-up book first (the embedding model's load, the
 * JIT), then B books submitted at once; each book ends when its BookCompleted or BookFailed is
 * read.
 */
final class LineRun {
  private LineRun() {}

  static RunFigures run(BenchOptions options) throws Exception {
    Path dataDir = Files.createTempDirectory("fablestream-bench");
    try (OllamaLoadSimulator ollama =
        OllamaLoadSimulator.start(
            options.parallel(),
            options.latencies(),
            BaselineRun.VISION_MODEL,
            BaselineRun.TEXT_MODEL)) {
      Config config = Config.of(values(options, dataDir, ollama));
      PrintStream out = System.out;
      try (FablestreamApp app =
          FablestreamApp.start(config, FablestreamApp.Options.line(false), out)) {
        KafkaSettings kafka = app.kafka();
        out.printf(
            "line: %d partitions, %d stream threads per service%n",
            kafka.partitions(), kafka.streamThreads());
        try (TransactionAborts aborts = TransactionAborts.watch(app.runners());
            Outcomes outcomes = Outcomes.start(kafka);
            ChapterTrace trace = ChapterTrace.start(kafka);
            KafkaProducer<String, ImageSubmitted> producer =
                BenchClients.producer(kafka.bootstrapServers())) {
          String warmUp = "bench-warm-up-" + UUID.randomUUID();
          producer.send(BenchClients.request(warmUp, 0, null, options.shape()));
          outcomes.await(List.of(warmUp), Duration.ofMinutes(5));
          ollama.clearCalls();
          ProcessMemory.resetPeak();

          List<String> books = bookIds(options, kafka.partitions());
          Map<String, Long> submitted = new HashMap<>();
          long start = System.nanoTime();
          for (int i = 0; i < books.size(); i++) {
            submitted.put(books.get(i), System.nanoTime());
            producer.send(BenchClients.request(books.get(i), i + 1, null, options.shape()));
          }
          producer.flush();
          Duration bound =
              options
                  .latencies()
                  .perBook(options.shape())
                  .multipliedBy(options.books())
                  .plus(Duration.ofMinutes(5));
          Map<String, Outcome> ended = outcomes.await(books, bound);
          long last = ended.values().stream().mapToLong(Outcome::at).max().orElse(start);
          List<Duration> latencies = new ArrayList<>();
          int failed = 0;
          for (String book : books) {
            Outcome outcome = ended.get(book);
            if (outcome == null) {
              continue;
            }
            latencies.add(Duration.ofNanos(outcome.at() - submitted.get(book)));
            if (!outcome.completed()) {
              failed++;
              out.println("failed: " + book + ": " + outcome.detail());
            }
          }
          if (ended.size() < books.size()) {
            out.printf("%d books did not end within %s%n", books.size() - ended.size(), bound);
          }
          List<SimulatedCall> calls = ollama.calls();
          out.println(trace.describe(calls));
          return RunFigures.of(
              String.format(
                  "pipeline: the all-in-one line (%d partitions, %d threads per service, %s keys)",
                  kafka.partitions(), kafka.streamThreads(), options.keys()),
              failed,
              options.parallel(),
              Duration.ofNanos(last - start),
              calls,
              latencies,
              ProcessMemory.peakRssBytes(),
              options.latencies().perBook(options.shape()),
              options.shape().calls(),
              aborts.counts(EmbeddedKafkaSettings.from(config).dataDir()));
        }
      }
    } finally {
      RunDirs.deleteQuietly(dataDir);
    }
  }

  private static Map<String, String> values(
      BenchOptions options, Path dataDir, OllamaLoadSimulator ollama) throws IOException {
    Map<String, String> values = new HashMap<>();
    values.put("data.dir", dataDir.toString());
    values.put("embedded.kafka.port", Integer.toString(freePort()));
    values.put("embedded.kafka.controller.port", Integer.toString(freePort()));
    values.put("ollama.host", ollama.uri().toString());
    values.put("ollama.vision.model", BaselineRun.VISION_MODEL);
    values.put("ollama.text.model", BaselineRun.TEXT_MODEL);
    values.put("model.parallelism", Integer.toString(options.parallel()));
    if (options.streamThreads() > 0) {
      values.put("streams.threads", Integer.toString(options.streamThreads()));
    }
    if (options.partitions() > 0) {
      values.put("topics.partitions", Integer.toString(options.partitions()));
    }
    if (options.commitInterval() != null) {
      values.put("kafka.commit.interval.ms", Long.toString(options.commitInterval().toMillis()));
    }
    values.put("start.timeout", "180s");
    values.put("shutdown.timeout", "30s");
    values.putAll(options.settings());
    return values;
  }

  /**
   * Book ids: with random keys (the default), UUIDs as a producer chooses them; with balanced keys,
   * one that lands on each partition in turn (as a steady stream of many books spreads over the
   * partitions on average).
   */
  static List<String> bookIds(BenchOptions options, int partitions) {
    List<String> ids = new ArrayList<>();
    String run = UUID.randomUUID().toString().substring(0, 8);
    int suffix = 0;
    for (int i = 0; i < options.books(); i++) {
      if (options.keys().equals("random")) {
        ids.add(UUID.randomUUID().toString());
        continue;
      }
      int target = i % partitions;
      String id;
      do {
        id = "bench-" + run + "-" + suffix++;
      } while (partition(id, partitions) != target);
      ids.add(id);
    }
    return ids;
  }

  /** The partition Kafka's default partitioner picks for a String key. */
  static int partition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** How one book ended, and when (System.nanoTime) the benchmark read it. */
  record Outcome(boolean completed, long at, String detail) {}

  /** Reads books.completed and books.failed (committed records only) and notes each book's end. */
  static final class Outcomes implements AutoCloseable {
    private final Map<String, Outcome> ended = new ConcurrentHashMap<>();
    private final TopicReader reader;

    private Outcomes(KafkaConsumer<String, byte[]> consumer) {
      this.reader =
          TopicReader.start(
              Thread.ofPlatform().name("bench-outcomes"),
              consumer,
              Duration.ofMillis(20),
              this::read);
    }

    static Outcomes start(KafkaSettings kafka) {
      KafkaConsumer<String, byte[]> consumer =
          BenchClients.consumer(
              kafka.bootstrapServers(),
              "bench-",
              "earliest",
              List.of(Topics.BOOKS_COMPLETED.name(), Topics.BOOKS_FAILED.name()),
              Map.of());
      return new Outcomes(consumer);
    }

    private void read(ConsumerRecord<String, byte[]> record, long now) {
      if (record.topic().equals(Topics.BOOKS_COMPLETED.name())) {
        BookCompleted done = BenchClients.value(Topics.BOOKS_COMPLETED, record);
        ended.putIfAbsent(
            record.key(), new Outcome(true, now, done.getChapters().size() + " chapters"));
      } else {
        BookFailed failed = BenchClients.value(Topics.BOOKS_FAILED, record);
        ended.putIfAbsent(
            record.key(),
            new Outcome(
                false,
                now,
                failed.getStage() + " " + failed.getReason() + ": " + failed.getMessage()));
      }
    }

    /** Waits until every book ended or the bound passed; returns the ends seen. */
    Map<String, Outcome> await(List<String> books, Duration bound) throws InterruptedException {
      long deadline = System.nanoTime() + bound.toNanos();
      while (System.nanoTime() < deadline && !books.stream().allMatch(ended::containsKey)) {
        Thread.sleep(20);
      }
      Map<String, Outcome> seen = new HashMap<>();
      for (String book : books) {
        Outcome outcome = ended.get(book);
        if (outcome != null) {
          seen.put(book, outcome);
        }
      }
      return seen;
    }

    @Override
    public void close() throws InterruptedException {
      reader.close();
    }
  }
}
