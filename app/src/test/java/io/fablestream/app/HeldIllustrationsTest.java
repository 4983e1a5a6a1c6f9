package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.ChapterIllustrated;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The CLI's EPUB gets the illustrations its watcher saw, bounded as the read model's store. */
class HeldIllustrationsTest {
  private static byte[] bytes(ChapterIllustrated drawn) {
    ByteBuffer data = drawn.getData().duplicate();
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    return bytes;
  }

  private static BookChapter chapter(int n, int revision) {
    return BookChapter.newBuilder()
        .setNumber(n)
        .setTitle("t")
        .setText("x")
        .setWordCount(1)
        .setRevision(revision)
        .build();
  }

  @Test
  void eachChapterGetsTheDrawingOfTheRevisionThatLastWroteIt() {
    HeldIllustrations held = new HeldIllustrations();
    held.keep(Illustrated.drawn("b", 1, 1), 2);
    held.keep(Illustrated.drawn("b", 2, 1), 2);
    held.keep(Illustrated.drawn("b", 2, 2), 2);

    assertThat(held.of(chapter(1, 1)).data()).isEqualTo(bytes(Illustrated.drawn("b", 1, 1)));
    assertThat(held.of(chapter(2, 2)).data()).isEqualTo(bytes(Illustrated.drawn("b", 2, 2)));
    assertThat(held.of(chapter(2, 1)).data()).isEqualTo(bytes(Illustrated.drawn("b", 2, 1)));
    assertThat(held.of(chapter(1, 2))).isNull();
  }

  @Test
  void boundedAsTheReadModelsStore() {
    HeldIllustrations held = new HeldIllustrations();
    held.keep(Illustrated.drawn("b", 3, 1), 2);
    held.keep(Illustrated.drawn("b", 0, 1), 2);
    held.keep(Illustrated.drawn("b", 1, 1, new byte[StoredIllustrations.MAX_BYTES + 1]), 2);
    for (int r = 1; r <= StoredIllustrations.KEPT_PER_CHAPTER + 3; r++) {
      held.keep(Illustrated.drawn("b", 2, r), 2);
    }

    assertThat(held.size()).isEqualTo(StoredIllustrations.KEPT_PER_CHAPTER);
    assertThat(held.of(chapter(2, 3))).isNull();
    assertThat(held.of(chapter(2, 4))).isNotNull();
  }

  @Test
  void theCliEpubPlacesThemAndPassesEpubcheck() {
    HeldIllustrations held = new HeldIllustrations();
    for (int n = 1; n <= 4; n++) {
      held.keep(Illustrated.drawn("b", n, 1), 4);
    }
    BookCompleted book =
        Illustrated.illustrate(TestEvents.completed("b", 4, 2, 1, 1), new int[] {1, 1, 2, 2});

    byte[] epub = BookEpub.of(book, null, held);

    EpubContents contents = EpubContents.passing(epub);
    assertThat(contents.entries.get("EPUB/images/chapter-004.png"))
        .isEqualTo(bytes(Illustrated.drawn("b", 4, 1)));
  }

  @Test
  void theWatcherReplaysAChaptersDrawingAfterItsTextAndBeforeTheNextChapter() {
    List<SpecificRecord> history =
        new ArrayList<>(
            List.of(
                TestEvents.completed("b", 2, 2),
                Illustrated.drawn("b", 2, 1),
                TestEvents.chapter("b", 2, 2),
                Illustrated.drawn("b", 1, 1),
                TestEvents.chapter("b", 1, 2)));

    history.sort(BookWatcher.CAUSAL_ORDER);

    assertThat(history)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "ChapterWritten",
            "ChapterIllustrated",
            "ChapterWritten",
            "ChapterIllustrated",
            "BookCompleted");
  }
}
