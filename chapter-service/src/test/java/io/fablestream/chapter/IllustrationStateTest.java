package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterPicture;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.platform.calls.ChangeloggedStores;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The illustrations' fields of the state have defaults: a book and a chapter stored by the version
 * before illustrations (BookState-v4, ChapterText-v2) read back with no looks, no chapter awaited
 * and no illustration, and a chapter with its illustration keeps it through its store's serde.
 */
class IllustrationStateTest {
  @Test
  void aBookStoredBeforeIllustrationsReadsWithNoLooksAndNothingAwaited() {
    Serde<BookState> serde = ChangeloggedStores.avro(ChapterService.STORE, BookState.class);
    BookState before = BookTransitions.opened(ChapterLine.analysisOf("book-1", 3, 3), 1_000L);

    BookState read = StoredBefore.readBack(serde, before, "BookState-v4");

    assertThat(read.getLooks()).isNull();
    assertThat(read.getLooksCallId()).isNull();
    assertThat(read.getIllustrating()).isEmpty();
    assertThat(read.getStory()).isEqualTo(before.getStory());
  }

  @Test
  void aChapterStoredBeforeIllustrationsReadsWithoutOneAndAChapterWithOneKeepsIt() {
    Serde<ChapterText> serde =
        ChangeloggedStores.avro(ChapterService.TEXTS_STORE, ChapterText.class);
    ChapterText chapter =
        ChapterText.newBuilder()
            .setNumber(2)
            .setTitle("The Turn 2")
            .setText("Mira climbs.")
            .setWordCount(2)
            .setSummary("Mira climbs.")
            .build();

    ChapterText old = StoredBefore.readBack(serde, chapter, "ChapterText-v2");
    assertThat(old.getIllustration()).isNull();
    assertThat(old.getIllustrationFailure()).isNull();

    chapter.setIllustration(new ChapterPicture("image/png", 1234, 512, 512, "Mira climbs."));
    assertThat(
            serde.deserializer().deserialize("any", serde.serializer().serialize("any", chapter)))
        .isEqualTo(chapter);
    assertThat(Illustrator.ref("book-1", 2, chapter.getIllustration()))
        .isEqualTo(
            new io.fablestream.events.IllustrationRef(
                "/books/book-1/chapters/2/illustration",
                "image/png",
                1234,
                512,
                512,
                "Mira climbs."));
    assertThat(List.of(IllustrationFailure.values()))
        .extracting(Enum::name)
        .containsExactly(
            "ILLUSTRATION_UNAVAILABLE", "ILLUSTRATION_REJECTED", "ILLUSTRATION_INVALID");
  }
}
