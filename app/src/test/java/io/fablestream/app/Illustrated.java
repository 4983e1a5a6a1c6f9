package io.fablestream.app;

import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.IllustrationRef;
import io.fablestream.platform.model.image.TestPictures;
import java.awt.Color;
import java.nio.ByteBuffer;

/** Illustrations as chapter-service publishes them: real PNGs, and the books that refer to them. */
final class Illustrated {
  private Illustrated() {}

  /** A PNG of that size, its colour from the seed, so two drawings differ in their bytes. */
  static byte[] png(int width, int height, int seed) {
    return TestPictures.disc(
        width, height, new Color(Color.HSBtoRGB(seed / 7f, 0.6f, 0.9f)), Color.DARK_GRAY);
  }

  /** Chapter n's illustration as revision r drew it: a 64x48 PNG. */
  static ChapterIllustrated drawn(String bookId, int n, int revision) {
    return drawn(bookId, n, revision, png(64, 48, 10 * revision + n));
  }

  /** Chapter n's illustration as revision r drew it, these bytes. */
  static ChapterIllustrated drawn(String bookId, int n, int revision, byte[] png) {
    return ChapterIllustrated.newBuilder()
        .setBookId(bookId)
        .setRevision(revision)
        .setChapterNumber(n)
        .setContentType("image/png")
        .setData(ByteBuffer.wrap(png))
        .setWidth(64)
        .setHeight(48)
        .setPrompt("Chapter " + n + ": the cat on the high shelf, watercolour")
        .setSeed(42L)
        .setModel("sd-test")
        .setIllustratedAt(TestEvents.SUBMITTED_AT.plusSeconds(60L * n))
        .build();
  }

  /** The reference BookCompleted carries to an illustration. */
  static IllustrationRef ref(ChapterIllustrated drawn) {
    return IllustrationRef.newBuilder()
        .setPath(
            "/books/"
                + drawn.getBookId()
                + "/chapters/"
                + drawn.getChapterNumber()
                + "/illustration")
        .setContentType(drawn.getContentType())
        .setSize(drawn.getData().remaining())
        .setWidth(drawn.getWidth())
        .setHeight(drawn.getHeight())
        .setAlt("The cat on the high shelf in chapter " + drawn.getChapterNumber())
        .build();
  }

  /**
   * The finished book's chapters with their illustrations' references; the chapters in {@code
   * failed} instead carry ILLUSTRATION_UNAVAILABLE, and each chapter's picture is its album place.
   */
  static BookCompleted illustrate(BookCompleted book, int[] pictures, int... failed) {
    for (BookChapter chapter : book.getChapters()) {
      int n = chapter.getNumber();
      chapter.setPicture(pictures[n - 1]);
      if (java.util.Arrays.stream(failed).anyMatch(f -> f == n)) {
        chapter.setIllustrationFailure("ILLUSTRATION_UNAVAILABLE");
      } else {
        chapter.setIllustration(ref(drawn(book.getBookId(), n, chapter.getRevision())));
      }
    }
    return book;
  }
}
