package io.fablestream.schemas;

/**
 * Which picture of an album each chapter grows from: the pictures are placed along the story in the
 * album's order, each on a run of consecutive chapters, the runs as even as the counts allow, and
 * every picture used. chapter-service places the pictures by it (the plan's beats and the finished
 * chapters say which picture each grew from) and the analyzer refuses at intake an album it could
 * not place (more pictures than chapters); a consumer can recompute the map from the two counts.
 *
 * <p>Chapter n of c grows from picture {@code floor((n - 1) * p / c) + 1} of p: with p at most c,
 * consecutive chapters differ by at most one picture, the first chapter has picture 1 and the last
 * picture p, so every picture has at least one chapter. A book from one picture has picture 1
 * everywhere.
 */
public final class PictureRule {
  private PictureRule() {}

  /**
   * The picture (1-based place in the album) chapter {@code chapter} grows from.
   *
   * @param chapter the chapter, from 1 to {@code chapters}
   * @param pictures the album's pictures, its first image included; 0 is read as 1
   * @param chapters the book's chapters, at least {@code pictures}
   */
  public static int pictureOf(int chapter, int pictures, int chapters) {
    int p = Math.max(1, pictures);
    if (chapters < 1 || chapter < 1 || chapter > chapters) {
      throw new IllegalArgumentException("chapter " + chapter + " of " + chapters);
    }
    if (p > chapters) {
      throw new IllegalArgumentException(p + " pictures for " + chapters + " chapters");
    }
    return (int) ((long) (chapter - 1) * p / chapters) + 1;
  }

  /** The first chapter that grows from picture {@code picture}. */
  public static int firstChapter(int picture, int pictures, int chapters) {
    int n = 1;
    while (pictureOf(n, pictures, chapters) < picture) {
      n++;
    }
    return n;
  }

  /** The last chapter that grows from picture {@code picture}. */
  public static int lastChapter(int picture, int pictures, int chapters) {
    int n = chapters;
    while (pictureOf(n, pictures, chapters) > picture) {
      n--;
    }
    return n;
  }
}
