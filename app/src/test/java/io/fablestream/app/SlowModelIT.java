package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import io.fablestream.platform.model.ollama.ReceivedRequest;
import io.fablestream.schemas.Topics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The line against a model server as slow as a real one: one parallel slot (Ollama's {@code
 * OLLAMA_NUM_PARALLEL=1}) and calls of seconds, longer together than Kafka Streams' exactly-once
 * transaction timeout (10 s, left at its default). Four books submitted at once, as a producer
 * would, each with its own picture and title. Every book completes, the server never gets the same
 * request twice (no call is redone), and no stream thread is fenced or loses its tasks.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SlowModelIT {
  private static final Path CHELSEA = Path.of("../docs/samples/chelsea.png");
  private static final int BOOKS = 4;
  private static final int CHAPTERS = 3;
  private static final Duration DEADLINE = Duration.ofMinutes(6);

  /** What a log line of a fenced or migrated stream thread says. */
  private static final List<String> FENCING =
      List.of(
          "fenced",
          "TaskMigratedException",
          "InvalidProducerEpochException",
          "ProducerFencedException",
          "migrated");

  @TempDir Path dir;

  @RegisterExtension final StoryOllamaExtension models = new StoryOllamaExtension();
  private FablestreamApp app;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void listenToTheLog() {
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void stopEverything() {
    if (app != null) {
      app.close();
    }
    root().detachAppender(logs);
  }

  @Test
  void fourBooksOnOneSlowModelSlotAllCompleteWithNoCallRedoneAndNoThreadFenced() throws Exception {
    // Given a model server with one slot whose calls take seconds, as a real Ollama's do
    OllamaTestServer ollama =
        models.started(
            StoryOllamaExtension.unstarted()
                .slots(1)
                .latency(SlowModelIT::latency)
                .respondWith(new StoryOllama(true)));
    Map<String, String> settings = models.lineSettings(dir.resolve("data"));
    settings.put("model.parallelism", "1");
    // The line's own sizing of threads and partitions, and Kafka's own commit interval.
    settings.remove("streams.threads");
    settings.remove("topics.partitions");
    settings.remove("kafka.commit.interval.ms");
    app = FablestreamApp.start(Config.of(settings), FablestreamApp.Options.line(false), quiet());
    String bootstrap = app.kafka().bootstrapServers();

    // When four books are submitted at once, each with its own picture and title
    List<String> bookIds = submit(bootstrap, pictures());

    // Then every book completes
    CommittedLog log = awaitOutcomes(bootstrap, bookIds);
    assertThat(log.values(Topics.BOOKS_FAILED))
        .extracting(BookFailed::getBookId, BookFailed::getReason, BookFailed::getMessage)
        .isEmpty();
    assertThat(log.values(Topics.BOOKS_COMPLETED))
        .extracting(BookCompleted::getBookId)
        .containsExactlyInAnyOrderElementsOf(bookIds);
    // And the server never got the same request twice: no call was made again
    Map<String, Long> repeats =
        ollama.requests("/api/generate").stream()
            .collect(Collectors.groupingBy(ReceivedRequest::body, Collectors.counting()));
    repeats.values().removeIf(n -> n == 1);
    assertThat(repeats.values()).as("requests sent more than once").isEmpty();
    assertThat(ollama.requests("/api/generate").stream().filter(r -> !r.images().isEmpty()))
        .as("vision calls, one per picture")
        .hasSize(BOOKS);
    assertThat(ollama.mostBusy()).isEqualTo(1);
    // And no stream thread was fenced or lost its tasks on the way
    assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage))
        .as("log lines of fenced or migrated stream threads")
        .noneMatch(line -> FENCING.stream().anyMatch(line::contains));
  }

  /** Seconds per call, by kind: together far more than one 10 s transaction. */
  private static Duration latency(ReceivedRequest request) {
    String prompt = request.prompt() == null ? "" : request.prompt();
    if (!request.images().isEmpty()) {
      return Duration.ofSeconds(3);
    }
    if (prompt.contains("Write chapter")) {
      return Duration.ofSeconds(6);
    }
    return Duration.ofSeconds(2);
  }

  /** The sample photo, and three plainly different pictures made from it. */
  private static List<byte[]> pictures() throws IOException {
    BufferedImage photo = ImageIO.read(CHELSEA.toFile());
    List<Function<BufferedImage, BufferedImage>> variants =
        List.of(
            image -> image,
            image -> transformed(image, mirror(image.getWidth())),
            image ->
                transformed(
                    image,
                    AffineTransform.getRotateInstance(
                        Math.PI, image.getWidth() / 2.0, image.getHeight() / 2.0)),
            SlowModelIT::gray);
    List<byte[]> pictures = new ArrayList<>();
    for (Function<BufferedImage, BufferedImage> variant : variants) {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(variant.apply(photo), "png", png);
      pictures.add(png.toByteArray());
    }
    return pictures;
  }

  private static AffineTransform mirror(int width) {
    AffineTransform flip = AffineTransform.getScaleInstance(-1, 1);
    flip.translate(-width, 0);
    return flip;
  }

  private static BufferedImage transformed(BufferedImage image, AffineTransform transform) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, transform, null);
    g.dispose();
    return out;
  }

  private static BufferedImage gray(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  private static List<String> submit(String bootstrap, List<byte[]> pictures) throws Exception {
    List<String> ids = new ArrayList<>();
    try (TestProducer producer = new TestProducer(bootstrap)) {
      for (int i = 0; i < BOOKS; i++) {
        String bookId = UUID.randomUUID().toString();
        ImageSubmitted request =
            TestProducer.pngRequest(bookId, pictures.get(i))
                .setTitle("The Slow Shelf " + (i + 1))
                .setChapterCount(CHAPTERS)
                .setArcLength(CHAPTERS)
                .setWordsPerChapter(60)
                .build();
        producer.send(Topics.IMAGES_SUBMITTED, bookId, request);
        ids.add(bookId);
      }
    }
    return ids;
  }

  /** The committed log once every book has an outcome, or as it is when the time is up. */
  private static CommittedLog awaitOutcomes(String bootstrap, List<String> bookIds) {
    java.util.concurrent.atomic.AtomicReference<CommittedLog> last =
        new java.util.concurrent.atomic.AtomicReference<>();
    try {
      return org.awaitility.Awaitility.await("every book ends")
          .atMost(DEADLINE)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                CommittedLog log = CommittedLog.read(bootstrap);
                last.set(log);
                return log;
              },
              log -> {
                List<String> ended = new ArrayList<>();
                log.values(Topics.BOOKS_COMPLETED).forEach(b -> ended.add(b.getBookId()));
                log.values(Topics.BOOKS_FAILED).forEach(b -> ended.add(b.getBookId()));
                return ended.containsAll(bookIds);
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // The caller's assertions say which books did not end.
      return last.get();
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  private static Logger root() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    return root;
  }
}
