package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookCompleted;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import io.fablestream.platform.model.ollama.ReceivedRequest;
import io.fablestream.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping and starting the line with model calls in flight: SIGTERM does not wait for a model, the
 * call it cut off is made again by the next start, and a start on the same data after a clean stop
 * does not wait for the old group members to time out.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StopAndRestartIT {
  private static final Path CHELSEA = Path.of("../docs/samples/chelsea.png");
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

  @TempDir Path dir;

  @RegisterExtension final StoryOllamaExtension models = new StoryOllamaExtension();
  private OllamaTestServer ollama;
  private AppProcess app;

  @Test
  void sigtermWithAModelCallInFlightStopsInTimeAndTheNextStartMakesTheCallAgain() throws Exception {
    // Given a model whose chapter calls take far longer than the shutdown timeout
    AtomicReference<Duration> chapterLatency = new AtomicReference<>(Duration.ofMinutes(5));
    ollama =
        models
            .start(new StoryOllama())
            .latency(
                r ->
                    r.prompt() != null && r.prompt().contains("Write chapter")
                        ? chapterLatency.get()
                        : Duration.ofMillis(200));
    Map<String, String> settings = models.lineSettings(dir.resolve("data"));
    settings.put("ollama.timeout", "10m");
    settings.put("shutdown.timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s");
    String bootstrap = "localhost:" + settings.get("embedded.kafka.port");
    app = models.serve(settings, Map.of(), dir.resolve("run-1.log"));
    app.awaitReady(Duration.ofMinutes(2));
    String bookId = submit(bootstrap);
    awaitRequest("Write chapter 1 of 2", Duration.ofMinutes(2));

    // When the app is stopped while chapter 1 is being written
    Duration stopping = app.stop();

    // Then it stops within the shutdown timeout, not after the model
    assertThat(stopping).isLessThan(SHUTDOWN_TIMEOUT);

    // And the next start makes the cut-off call again, and the book completes once
    chapterLatency.set(Duration.ofMillis(200));
    app = models.serve(settings, Map.of(), dir.resolve("run-2.log"));
    app.awaitReady(Duration.ofMinutes(2));
    CommittedLog log = awaitCompleted(bootstrap, bookId, Duration.ofMinutes(3));
    assertThat(log.values(Topics.BOOKS_COMPLETED))
        .extracting(BookCompleted::getBookId)
        .containsExactly(bookId);
    assertThat(log.values(Topics.CHAPTERS_WRITTEN))
        .extracting(ChapterWritten::getChapterNumber)
        .containsExactly(1, 2);
    assertThat(requestsStartingWith("Write chapter 1 of 2"))
        .as("chapter 1 asked before the stop, and once again after it")
        .hasSize(2);
    assertThat(requestsStartingWith("Write chapter 1 of 2").get(0).body())
        .isEqualTo(requestsStartingWith("Write chapter 1 of 2").get(1).body());
  }

  @Test
  void aSecondGenerateOnTheSameDataReachesItsFirstModelCallWithinTenSeconds() throws Exception {
    ollama = models.start();
    Map<String, String> settings = models.lineSettings(dir.resolve("data"));
    assertThat(generate(settings, dir.resolve("first.md"))).isEqualTo(ExitCodes.OK);
    int before = ollama.requests("/api/generate").size();

    long started = System.nanoTime();
    AtomicReference<Long> firstCall = new AtomicReference<>();
    ollama.latency(
        r -> {
          if (r.path().equals("/api/generate")) {
            firstCall.compareAndSet(null, System.nanoTime());
          }
          return Duration.ZERO;
        });
    assertThat(generate(settings, dir.resolve("second.md"))).isEqualTo(ExitCodes.OK);

    assertThat(ollama.requests("/api/generate")).hasSizeGreaterThan(before);
    assertThat(Duration.ofNanos(firstCall.get() - started))
        .as("from the command to its first model call")
        .isLessThan(Duration.ofSeconds(10));
  }

  private static int generate(Map<String, String> settings, Path out) {
    List<String> args = new ArrayList<>(List.of("generate", CHELSEA.toString(), "--chapters=1"));
    args.add("--out=" + out);
    settings.forEach((k, v) -> args.add("--set=" + k + "=" + v));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
    return Main.run(args.toArray(String[]::new), new CliContext(Map.of(), quiet, quiet));
  }

  private List<ReceivedRequest> requestsStartingWith(String prefix) {
    return ollama.requests("/api/generate").stream()
        .filter(r -> r.prompt() != null && r.prompt().contains(prefix))
        .toList();
  }

  private void awaitRequest(String prefix, Duration timeout) {
    org.awaitility.Awaitility.await("a request: " + prefix)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertThat(app.isAlive()).as(app.tail()).isTrue();
              return !requestsStartingWith(prefix).isEmpty();
            });
  }

  private CommittedLog awaitCompleted(String bootstrap, String bookId, Duration timeout) {
    return org.awaitility.Awaitility.await("the book completes")
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> CommittedLog.read(bootstrap),
            log ->
                log.values(Topics.BOOKS_COMPLETED).stream()
                    .anyMatch(b -> b.getBookId().equals(bookId)));
  }

  private static String submit(String bootstrap) throws Exception {
    String bookId = UUID.randomUUID().toString();
    ImageSubmitted request =
        TestProducer.pngRequest(bookId, Files.readAllBytes(CHELSEA))
            .setTitle("Stopped Mid-Sentence")
            .setChapterCount(2)
            .setArcLength(2)
            .setWordsPerChapter(60)
            .build();
    TestProducer.sendOnce(bootstrap, Topics.IMAGES_SUBMITTED, bookId, request);
    return bookId;
  }
}
