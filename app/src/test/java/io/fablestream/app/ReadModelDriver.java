package io.fablestream.app;

import io.fablestream.app.http.BookResource;
import io.fablestream.platform.MutableClock;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The read model's topology on a TopologyTestDriver, fed as the line's topics feed it.
 *
 * <p>Registered on a test class ({@code @RegisterExtension}), it starts a driver of a new service
 * before each test, its state in a directory of its own, and closes it after.
 */
final class ReadModelDriver implements BeforeEachCallback, AfterEachCallback {
  private final Supplier<BookViewService> service;
  private final Supplier<Instant> now;
  private Path stateDir;
  private TopologyTestDriver driver;

  private ReadModelDriver(Supplier<BookViewService> service, Supplier<Instant> now) {
    this.service = service;
    this.now = now;
  }

  /**
   * A driver per test of the service made then, its wall clock starting at {@code now}'s instant,
   * each event stamped with {@code now}'s instant when it is published.
   */
  static ReadModelDriver perTest(Supplier<BookViewService> service, Supplier<Instant> now) {
    return new ReadModelDriver(service, now);
  }

  /** A driver per test, on the machine's clock. */
  static ReadModelDriver perTest(Supplier<BookViewService> service) {
    return perTest(service, Instant::now);
  }

  /**
   * A driver per test of a service that keeps books for {@code retention} by this clock, its wall
   * clock and its events on it.
   */
  static ReadModelDriver retaining(Duration retention, MutableClock clock) {
    return perTest(
        () -> new BookViewService(new ViewSettings(retention), clock, view -> {}), clock::instant);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    stateDir = Files.createTempDirectory("read-model-");
    driver = start(service.get(), stateDir, now.get());
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      driver.close();
    } finally {
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(ReadModelDriver::delete);
      }
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This test's driver. */
  TopologyTestDriver driver() {
    return driver;
  }

  /** One event on its topic, keyed by the book, stamped now. */
  <V extends SpecificRecord> void publish(Topic<V> topic, String bookId, V value) {
    publish(driver, topic, bookId, value, now.get());
  }

  /** One event on its topic, keyed by the book, with this record timestamp. */
  <V extends SpecificRecord> void publish(
      Topic<V> topic, String bookId, V value, Instant timestamp) {
    publish(driver, topic, bookId, value, timestamp);
  }

  /** A book of so many chapters, requested, analysed, every chapter written and indexed. */
  void written(String bookId, int chapters, int arcLength) {
    publish(Topics.IMAGES_SUBMITTED, bookId, TestEvents.submitted(bookId, chapters, arcLength));
    publish(Topics.ANALYSIS_READY, bookId, TestEvents.analyzed(bookId, chapters, arcLength));
    for (int n = 1; n <= chapters; n++) {
      publish(Topics.CHAPTERS_WRITTEN, bookId, TestEvents.chapter(bookId, n, chapters));
      publish(Topics.CHAPTERS_INDEXED, bookId, TestEvents.indexed(bookId, n));
    }
  }

  /**
   * A written book of four chapters in arcs of two: chapters 1 to {@code drawn} drawn, then the
   * book completed (revision 1), its chapters from these pictures and those {@code failed} not
   * drawn.
   */
  void drawnAndCompleted(String bookId, int drawn, int[] pictures, int... failed) {
    for (int n = 1; n <= drawn; n++) {
      publish(Topics.CHAPTERS_ILLUSTRATED, bookId, Illustrated.drawn(bookId, n, 1));
    }
    publish(
        Topics.BOOKS_COMPLETED,
        bookId,
        Illustrated.illustrate(TestEvents.completed(bookId, 4, 2, 1, 1), pictures, failed));
  }

  /**
   * A completed book of four chapters in arcs of two revised from chapter 3: chapters 3 and 4 of
   * revision 2 written and drawn anew, then the revision completed, its chapters from these
   * pictures.
   */
  void revisedFromChapterThreeAndDrawn(String bookId, int[] pictures) {
    publish(Topics.BOOKS_REVISIONS, bookId, TestEvents.revision(bookId, 2, 3, "a friend"));
    for (int n = 3; n <= 4; n++) {
      publish(Topics.CHAPTERS_WRITTEN, bookId, TestEvents.chapter(bookId, n, 4, 2));
      publish(Topics.CHAPTERS_ILLUSTRATED, bookId, Illustrated.drawn(bookId, n, 2));
    }
    publish(
        Topics.BOOKS_COMPLETED,
        bookId,
        Illustrated.illustrate(TestEvents.completed(bookId, 4, 2, 2, 3), pictures));
  }

  /** The book's view as the read model holds it now, or null. */
  BookView view(String bookId) {
    return driver.<String, BookView>getKeyValueStore(BookViewService.STORE).get(bookId);
  }

  /** The views as the API's routes read them: the current one, or a revision's. */
  BookResource.Views views() {
    return (bookId, revision) ->
        revision == null
            ? view(bookId)
            : BookViewService.revisionOf(driver::getKeyValueStore, bookId, revision);
  }

  /**
   * A driver of the service's topology, its state in a directory of its own (test classes run side
   * by side, and RocksDB locks its directory), its wall clock starting at {@code wallClock}.
   */
  static TopologyTestDriver start(BookViewService service, Path stateDir, Instant wallClock) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fablestream-api");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new TopologyTestDriver(service.topology(), props, wallClock);
  }

  /** One event on its topic, keyed by the book, with this record timestamp. */
  static <V extends SpecificRecord> void publish(
      TopologyTestDriver driver, Topic<V> topic, String bookId, V value, Instant timestamp) {
    driver
        .createInputTopic(
            topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer())
        .pipeInput(bookId, value, timestamp);
  }
}
