package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ChapterIllustrated;
import io.fablestream.platform.MutableClock;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read model keeps the chapters' illustrations from fablestream.chapters.illustrated, per
 * (book, chapter, revision), bounded, and its view's chapters say where each is served.
 */
class BookIllustrationsTest {
  private static final Duration RETENTION = Duration.ofDays(30);

  private final MutableClock clock = new MutableClock(TestEvents.SUBMITTED_AT.plusSeconds(7200));
  private TopologyTestDriver driver;

  @TempDir Path stateDir;

  @BeforeEach
  void start() {
    driver =
        ReadModelDriver.start(
            new BookViewService(new ViewSettings(RETENTION), clock, view -> {}),
            stateDir,
            clock.instant());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private <V extends SpecificRecord> void publish(Topic<V> topic, String bookId, V value) {
    ReadModelDriver.publish(driver, topic, bookId, value, clock.instant());
  }

  private BookView view(String bookId) {
    return driver.<String, BookView>getKeyValueStore(BookViewService.STORE).get(bookId);
  }

  private BookIllustration kept(String bookId, int chapter, int revision) {
    return BookIllustration.of(
        driver
            .<String, ChapterIllustrated>getKeyValueStore(BookViewService.ILLUSTRATIONS_STORE)
            .get(StoredIllustrations.key(bookId, chapter, revision)));
  }

  private List<String> keys() {
    KeyValueStore<String, ChapterIllustrated> store =
        driver.getKeyValueStore(BookViewService.ILLUSTRATIONS_STORE);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, ChapterIllustrated> all = store.all()) {
      all.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  private static byte[] bytes(ChapterIllustrated drawn) {
    ByteBuffer data = drawn.getData().duplicate();
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    return bytes;
  }

  /** Book id of four chapters written and indexed, not completed yet. */
  private void written(String id) {
    publish(Topics.IMAGES_SUBMITTED, id, TestEvents.submitted(id, 4, 2));
    publish(Topics.ANALYSIS_READY, id, TestEvents.analyzed(id, 4, 2));
    for (int n = 1; n <= 4; n++) {
      publish(Topics.CHAPTERS_WRITTEN, id, TestEvents.chapter(id, n, 4));
      publish(Topics.CHAPTERS_INDEXED, id, TestEvents.indexed(id, n));
    }
  }

  @Test
  void aDrawnChapterShowsItsIllustrationBeforeTheBookIsFinishedAndItsBytesAreKept() {
    written("b");
    ChapterIllustrated drawn = Illustrated.drawn("b", 2, 1);

    publish(Topics.CHAPTERS_ILLUSTRATED, "b", drawn);

    BookView view = view("b");
    assertThat(view.lastEvent()).isEqualTo("chapter.illustrated");
    assertThat(view.story().chapters().get(1).illustration())
        .isEqualTo(
            new BookView.Illustration(
                "/books/b/chapters/2/illustration",
                "image/png",
                bytes(drawn).length,
                64,
                48,
                "Chapter 2: the cat on the high shelf, watercolour"));
    assertThat(view.story().chapters().get(0).illustration()).isNull();
    BookIllustration kept = kept("b", 2, 1);
    assertThat(kept.data()).isEqualTo(bytes(drawn));
    assertThat(kept.contentType()).isEqualTo("image/png");
    assertThat(kept.revision()).isEqualTo(1);
    assertThat(List.of(kept.width(), kept.height())).containsExactly(64, 48);
  }

  @Test
  void theFinishedBookIsTheAuthorityOnEachChaptersPictureIllustrationAndFailure() {
    written("b");
    for (int n = 1; n <= 3; n++) {
      publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", n, 1));
    }
    var book =
        Illustrated.illustrate(TestEvents.completed("b", 4, 2, 1, 1), new int[] {1, 1, 2, 3}, 4);

    publish(Topics.BOOKS_COMPLETED, "b", book);

    BookView view = view("b");
    assertThat(view.stage()).isEqualTo(BookView.Stage.COMPLETED);
    assertThat(view.story().chapters())
        .extracting(BookView.Chapter::picture)
        .containsExactly(1, 1, 2, 3);
    assertThat(view.story().chapters().get(2))
        .usingRecursiveComparison()
        .ignoringFields("validation")
        .isEqualTo(
            new BookView.Chapter(
                3,
                "Chapter title 3",
                "Text of chapter 3.",
                4,
                1,
                false,
                null,
                1,
                2,
                new BookView.Illustration(
                    "/books/b/chapters/3/illustration",
                    "image/png",
                    bytes(Illustrated.drawn("b", 3, 1)).length,
                    64,
                    48,
                    "The cat on the high shelf in chapter 3"),
                null));
    assertThat(view.story().chapters().get(3).illustration()).isNull();
    assertThat(view.story().chapters().get(3).illustrationFailure())
        .isEqualTo("ILLUSTRATION_UNAVAILABLE");
  }

  @Test
  void anIllustrationAfterTheFinishedBookKeepsItsBytesAndLeavesTheBooksReferenceAsItIs() {
    written("b");
    var book =
        Illustrated.illustrate(TestEvents.completed("b", 4, 2, 1, 1), new int[] {1, 1, 1, 1});
    publish(Topics.BOOKS_COMPLETED, "b", book);
    BookView completed = view("b");

    publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 1, 1));

    assertThat(view("b")).isEqualTo(completed);
    assertThat(kept("b", 1, 1)).isNotNull();
  }

  @Test
  void aRevisionKeepsTheOlderRevisionsIllustrationsOfTheChaptersItKeeps() {
    written("b");
    for (int n = 1; n <= 4; n++) {
      publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", n, 1));
    }
    publish(
        Topics.BOOKS_COMPLETED,
        "b",
        Illustrated.illustrate(TestEvents.completed("b", 4, 2, 1, 1), new int[] {1, 1, 1, 1}));
    publish(Topics.BOOKS_REVISIONS, "b", TestEvents.revision("b", 2, 3, "a friend"));
    for (int n = 3; n <= 4; n++) {
      publish(Topics.CHAPTERS_WRITTEN, "b", TestEvents.chapter("b", n, 4, 2));
      publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", n, 2));
    }
    publish(
        Topics.BOOKS_COMPLETED,
        "b",
        Illustrated.illustrate(TestEvents.completed("b", 4, 2, 2, 3), new int[] {1, 1, 1, 1}));

    BookView view = view("b");
    assertThat(view.revision()).isEqualTo(2);
    assertThat(view.story().chapters())
        .extracting(BookView.Chapter::revision)
        .containsExactly(1, 1, 2, 2);
    assertThat(kept("b", 1, 1).data()).isEqualTo(bytes(Illustrated.drawn("b", 1, 1)));
    assertThat(kept("b", 3, 2).data()).isEqualTo(bytes(Illustrated.drawn("b", 3, 2)));
    assertThat(kept("b", 3, 1).data()).isEqualTo(bytes(Illustrated.drawn("b", 3, 1)));
    assertThat(kept("b", 3, 1).data()).isNotEqualTo(kept("b", 3, 2).data());
  }

  @Test
  void tooLargeOutOfRangeAndUnknownBooksIllustrationsAreNotKept() {
    written("b");
    ChapterIllustrated huge =
        Illustrated.drawn("b", 1, 1, new byte[StoredIllustrations.MAX_BYTES + 1]);

    publish(Topics.CHAPTERS_ILLUSTRATED, "b", huge);
    publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 5, 1));
    publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 0, 1));
    publish(Topics.CHAPTERS_ILLUSTRATED, "nobody", Illustrated.drawn("nobody", 1, 1));

    assertThat(keys()).isEmpty();
    assertThat(view("b").story().chapters())
        .extracting(BookView.Chapter::illustration)
        .containsOnlyNulls();
    assertThat(view("nobody")).isNull();
  }

  @Test
  void aChapterKeepsItsNewestRevisionsIllustrationsOnly() {
    written("b");
    int drawings = StoredIllustrations.KEPT_PER_CHAPTER + 5;

    for (int r = 1; r <= drawings; r++) {
      publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 4, r));
    }

    assertThat(keys()).hasSize(StoredIllustrations.KEPT_PER_CHAPTER);
    assertThat(kept("b", 4, drawings)).isNotNull();
    assertThat(kept("b", 4, drawings - StoredIllustrations.KEPT_PER_CHAPTER + 1)).isNotNull();
    assertThat(kept("b", 4, drawings - StoredIllustrations.KEPT_PER_CHAPTER)).isNull();
  }

  @Test
  void aBooksIllustrationsGoWithItsViewPastTheRetentionAndNoOtherBooks() {
    written("b");
    written("b#0");
    publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 1, 1));
    publish(Topics.CHAPTERS_ILLUSTRATED, "b#0", Illustrated.drawn("b#0", 1, 1));
    clock.advance(RETENTION.plusHours(3));
    var recent = TestEvents.submitted("b#0", 4, 2);
    recent.setSubmittedAt(clock.instant());
    publish(Topics.IMAGES_SUBMITTED, "b#0", recent);
    publish(Topics.CHAPTERS_WRITTEN, "b#0", TestEvents.chapter("b#0", 1, 4));

    driver.advanceWallClockTime(BookViewFold.SWEEP_INTERVAL);

    assertThat(view("b")).isNull();
    assertThat(keys()).containsExactly(StoredIllustrations.key("b#0", 1, 1));
  }
}
