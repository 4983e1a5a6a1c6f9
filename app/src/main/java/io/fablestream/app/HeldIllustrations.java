package io.fablestream.app;

import io.fablestream.events.BookChapter;
import io.fablestream.events.ChapterIllustrated;
import java.util.Map;
import java.util.TreeMap;

/**
 * The illustrations of the one book a CLI command follows, in memory, for the EPUB it writes: the
 * same bounds as the read model's store ({@link StoredIllustrations}): at most {@value
 * StoredIllustrations#MAX_BYTES} bytes a drawing, a chapter of the book, and the drawings of its
 * {@value StoredIllustrations#KEPT_PER_CHAPTER} newest revisions.
 */
final class HeldIllustrations implements BookEpub.Illustrations {
  /** By chapter, then by revision. */
  private final Map<Integer, TreeMap<Integer, BookIllustration>> byChapter = new TreeMap<>();

  /**
   * Keeps a drawing of the book, if it is one to keep.
   *
   * @param chapters how many chapters the book has, as far as it is known
   */
  void keep(ChapterIllustrated drawn, int chapters) {
    int chapter = drawn.getChapterNumber();
    int size = drawn.getData().remaining();
    if (chapter < 1 || chapter > chapters || size == 0 || size > StoredIllustrations.MAX_BYTES) {
      return;
    }
    TreeMap<Integer, BookIllustration> revisions =
        byChapter.computeIfAbsent(chapter, c -> new TreeMap<>());
    revisions.put(drawn.getRevision(), BookIllustration.of(drawn));
    while (revisions.size() > StoredIllustrations.KEPT_PER_CHAPTER) {
      revisions.pollFirstEntry();
    }
  }

  @Override
  public BookIllustration of(BookChapter chapter) {
    TreeMap<Integer, BookIllustration> revisions = byChapter.get(chapter.getNumber());
    return revisions == null ? null : revisions.get(chapter.getRevision());
  }

  /** How many drawings are held, for the tests of the bound. */
  int size() {
    return byChapter.values().stream().mapToInt(Map::size).sum();
  }
}
