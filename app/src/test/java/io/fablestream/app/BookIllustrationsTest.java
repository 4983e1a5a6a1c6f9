package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ChapterIllustrated;
import io.fablestream.platform.MutableClock;
import io.fablestream.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read model keeps the chapters' illustrations from fablestream.chapters.illustrated, per
 * (book, chapter, revision), bounded, and its view's chapters say where each is served.
 */
class BookIllustrationsTest {
  private static final Duration RETENTION = Duration.ofDays(30);

  private final MutableClock clock = new MutableClock(TestEvents.SUBMITTED_AT.plusSeconds(7200));

  @RegisterExtension final ReadModelDriver readModel = ReadModelDriver.retaining(RETENTION, clock);

  private BookIllustration kept(String bookId, int chapter, int revision) {
    return BookIllustration.of(
        readModel
            .driver()
            .<String, ChapterIllustrated>getKeyValueStore(BookViewService.ILLUSTRATIONS_STORE)
            .get(StoredIllustrations.key(bookId, chapter, revision)));
  }

  private List<String> keys() {
    KeyValueStore<String, ChapterIllustrated> store =
        readModel.driver().getKeyValueStore(BookViewService.ILLUSTRATIONS_STORE);
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

  @Test
  void aDrawnChapterShowsItsIllustrationBeforeTheBookIsFinishedAndItsBytesAreKept() {
    readModel.written("b", 4, 2);
    ChapterIllustrated drawn = Illustrated.drawn("b", 2, 1);

    readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "b", drawn);

    BookView view = readModel.view("b");
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
    readModel.written("b", 4, 2);
    for (int n = 1; n <= 3; n++) {
      readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", n, 1));
    }
    var book =
        Illustrated.illustrate(TestEvents.completed("b", 4, 2, 1, 1), new int[] {1, 1, 2, 3}, 4);

    readModel.publish(Topics.BOOKS_COMPLETED, "b", book);

    BookView view = readModel.view("b");
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
    readModel.written("b", 4, 2);
    var book =
        Illustrated.illustrate(TestEvents.completed("b", 4, 2, 1, 1), new int[] {1, 1, 1, 1});
    readModel.publish(Topics.BOOKS_COMPLETED, "b", book);
    BookView completed = readModel.view("b");

    readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 1, 1));

    assertThat(readModel.view("b")).isEqualTo(completed);
    assertThat(kept("b", 1, 1)).isNotNull();
  }

  @Test
  void aRevisionKeepsTheOlderRevisionsIllustrationsOfTheChaptersItKeeps() {
    readModel.written("b", 4, 2);
    readModel.drawnAndCompleted("b", 4, new int[] {1, 1, 1, 1});
    readModel.revisedFromChapterThreeAndDrawn("b", new int[] {1, 1, 1, 1});

    BookView view = readModel.view("b");
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
    readModel.written("b", 4, 2);
    ChapterIllustrated huge =
        Illustrated.drawn("b", 1, 1, new byte[StoredIllustrations.MAX_BYTES + 1]);

    readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "b", huge);
    readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 5, 1));
    readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 0, 1));
    readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "nobody", Illustrated.drawn("nobody", 1, 1));

    assertThat(keys()).isEmpty();
    assertThat(readModel.view("b").story().chapters())
        .extracting(BookView.Chapter::illustration)
        .containsOnlyNulls();
    assertThat(readModel.view("nobody")).isNull();
  }

  @Test
  void aChapterKeepsItsNewestRevisionsIllustrationsOnly() {
    readModel.written("b", 4, 2);
    int drawings = StoredIllustrations.KEPT_PER_CHAPTER + 5;

    for (int r = 1; r <= drawings; r++) {
      readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 4, r));
    }

    assertThat(keys()).hasSize(StoredIllustrations.KEPT_PER_CHAPTER);
    assertThat(kept("b", 4, drawings)).isNotNull();
    assertThat(kept("b", 4, drawings - StoredIllustrations.KEPT_PER_CHAPTER + 1)).isNotNull();
    assertThat(kept("b", 4, drawings - StoredIllustrations.KEPT_PER_CHAPTER)).isNull();
  }

  @Test
  void aBooksIllustrationsGoWithItsViewPastTheRetentionAndNoOtherBooks() {
    readModel.written("b", 4, 2);
    readModel.written("b#0", 4, 2);
    readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "b", Illustrated.drawn("b", 1, 1));
    readModel.publish(Topics.CHAPTERS_ILLUSTRATED, "b#0", Illustrated.drawn("b#0", 1, 1));
    clock.advance(RETENTION.plusHours(3));
    var recent = TestEvents.submitted("b#0", 4, 2);
    recent.setSubmittedAt(clock.instant());
    readModel.publish(Topics.IMAGES_SUBMITTED, "b#0", recent);
    readModel.publish(Topics.CHAPTERS_WRITTEN, "b#0", TestEvents.chapter("b#0", 1, 4));

    readModel.driver().advanceWallClockTime(BookViewFold.SWEEP_INTERVAL);

    assertThat(readModel.view("b")).isNull();
    assertThat(keys()).containsExactly(StoredIllustrations.key("b#0", 1, 1));
  }
}
