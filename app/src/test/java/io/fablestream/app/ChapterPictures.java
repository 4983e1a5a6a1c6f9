package io.fablestream.app;

import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;

/**
 * The chapter-to-picture map of an album's book, as the tests assert it: (chapter, picture) pairs
 * for {@code extracting(number, picture)}.
 */
public final class ChapterPictures {
  private ChapterPictures() {}

  /**
   * (1, pictures[0]), (2, pictures[1]), ...: chapter n grows from picture {@code pictures[n-1]}.
   */
  public static Tuple[] inOrder(int... pictures) {
    return IntStream.rangeClosed(1, pictures.length)
        .mapToObj(n -> Tuple.tuple(n, pictures[n - 1]))
        .toArray(Tuple[]::new);
  }
}
