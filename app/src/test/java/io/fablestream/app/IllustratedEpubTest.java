package io.fablestream.app;

import static io.fablestream.app.EpubContents.OPF_NS;
import static io.fablestream.app.EpubContents.XHTML_NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.IllustrationRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** An illustrated album's EPUB: each illustration at its chapter, and epubcheck finds nothing. */
class IllustratedEpubTest {
  private static final String OPF = "EPUB/package.opf";

  /** The English book as an album of 3 pictures; chapters 1, 2 and 4 illustrated, 3 failed. */
  private static BookCompleted album() {
    BookCompleted book = FinishedBooks.english();
    int[] pictures = {1, 2, 2, 3};
    for (BookChapter chapter : book.getChapters()) {
      int n = chapter.getNumber();
      chapter.setPicture(pictures[n - 1]);
      if (n == 3) {
        chapter.setIllustrationFailure("ILLUSTRATION_REJECTED");
      } else {
        chapter.setIllustration(
            IllustrationRef.newBuilder()
                .setPath("/books/" + book.getBookId() + "/chapters/" + n + "/illustration")
                .setContentType(n == 2 ? "image/jpeg" : "image/png")
                .setSize(1)
                .setAlt(
                    n == 4
                        ? ""
                        : "The cat on the \"lamp\" stair & the sea, chapter " + n + ", watercolour")
                .build());
      }
    }
    return book;
  }

  private static Map<Integer, BookIllustration> drawings() {
    Map<Integer, BookIllustration> drawn = new HashMap<>();
    drawn.put(1, new BookIllustration(1, "image/png", Illustrated.png(64, 48, 1), 64, 48));
    drawn.put(2, new BookIllustration(1, "image/jpeg", FinishedBooks.picture("jpeg"), 60, 90));
    drawn.put(4, new BookIllustration(1, "image/bmp", FinishedBooks.picture("bmp"), 60, 90));
    return drawn;
  }

  @Test
  void eachIllustrationIsAtItsChapterWithItsAltAndTheBookPassesEpubcheck() {
    BookCompleted book = album();
    Map<Integer, BookIllustration> drawn = drawings();

    byte[] epub =
        BookEpub.of(
            book,
            new BookCover("image/png", FinishedBooks.picture("png")),
            chapter -> drawn.get(chapter.getNumber()));

    EpubContents contents = EpubContents.withoutFindings(epub);
    assertThat(contents.entries.keySet())
        .contains(
            "EPUB/images/chapter-001.png",
            "EPUB/images/chapter-002.jpg",
            "EPUB/images/chapter-004.png")
        .doesNotContain("EPUB/images/chapter-003.png");
    assertThat(contents.entries.get("EPUB/images/chapter-001.png")).isEqualTo(drawn.get(1).data());
    assertThat(contents.entries.get("EPUB/images/chapter-002.jpg")).isEqualTo(drawn.get(2).data());
    assertThat(manifest(contents))
        .contains(
            "chapter-001-illustration images/chapter-001.png image/png",
            "chapter-002-illustration images/chapter-002.jpg image/jpeg",
            // A BMP, which readers may lack, is converted to PNG.
            "chapter-004-illustration images/chapter-004.png image/png");
    List<Element> first = contents.elements("EPUB/chapter-001.xhtml", XHTML_NS, "img");
    assertThat(first).hasSize(1);
    assertThat(first.get(0).getAttribute("src")).isEqualTo("images/chapter-001.png");
    assertThat(first.get(0).getAttribute("alt"))
        .isEqualTo("The cat on the \"lamp\" stair & the sea, chapter 1, watercolour");
    assertThat(contents.elements("EPUB/chapter-003.xhtml", XHTML_NS, "img")).isEmpty();
    assertThat(
            contents.elements("EPUB/chapter-004.xhtml", XHTML_NS, "img").get(0).getAttribute("alt"))
        .isEqualTo("An illustration of chapter 4.");
    // The album's picture each chapter grows from.
    assertThat(contents.notes("EPUB/chapter-002.xhtml")).containsExactly("From picture 2.");
    assertThat(contents.notes("EPUB/chapter-004.xhtml")).containsExactly("From picture 3.");
  }

  @Test
  void aChapterWhoseBytesAreNotAtHandOrNoPictureHasNoImageAndTheBookStaysValid() {
    BookCompleted book = album();

    byte[] epub =
        BookEpub.of(
            book,
            null,
            chapter ->
                chapter.getNumber() == 1
                    ? new BookIllustration(1, "image/png", new byte[] {1, 2, 3}, 0, 0)
                    : null);

    EpubContents contents = EpubContents.withoutFindings(epub);
    for (int n = 1; n <= 4; n++) {
      assertThat(contents.elements("EPUB/chapter-00" + n + ".xhtml", XHTML_NS, "img")).isEmpty();
    }
    assertThat(contents.entries.keySet()).noneMatch(name -> name.startsWith("EPUB/images/"));
  }

  @Test
  void aBookOfOnePictureNamesNoPicture() {
    byte[] epub = BookEpub.of(FinishedBooks.english(), null);

    EpubContents contents = new EpubContents(epub);
    for (int n = 1; n <= 4; n++) {
      assertThat(contents.notes("EPUB/chapter-00" + n + ".xhtml")).isEmpty();
    }
  }

  /** Each manifest item as "id href media-type". */
  private static List<String> manifest(EpubContents contents) {
    return contents.elements(OPF, OPF_NS, "item").stream()
        .map(
            item ->
                item.getAttribute("id")
                    + " "
                    + item.getAttribute("href")
                    + " "
                    + item.getAttribute("media-type"))
        .toList();
  }
}
