package io.fablestream.platform.memory;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A search of one book's memory: the nearest chunks to a text, filtered inside the search.
 *
 * @param bookId the only book searched
 * @param text what to look for
 * @param k how many chunks at most
 * @param minChapter the lowest chapter a hit may come from (inclusive)
 * @param maxChapter the highest chapter a hit may come from (inclusive)
 * @param kinds which kinds of chunk may be hits
 */
public record MemoryQuery(
    String bookId, String text, int k, int minChapter, int maxChapter, Set<MemoryKind> kinds) {
  public MemoryQuery {
    Objects.requireNonNull(bookId);
    Objects.requireNonNull(text);
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1: " + k);
    }
    kinds = Set.copyOf(kinds);
  }

  /** Every kind of chunk of one book, any chapter. */
  public static MemoryQuery of(String bookId, String text, int k) {
    return new MemoryQuery(bookId, text, k, 0, Integer.MAX_VALUE, EnumSet.allOf(MemoryKind.class));
  }

  /** This query limited to chapters from {@code min} on. */
  public MemoryQuery fromChapter(int min) {
    return new MemoryQuery(bookId, text, k, min, maxChapter, kinds);
  }

  /** This query limited to chapters up to {@code max}. */
  public MemoryQuery throughChapter(int max) {
    return new MemoryQuery(bookId, text, k, minChapter, max, kinds);
  }

  /** This query limited to some kinds of chunk. */
  public MemoryQuery ofKinds(Set<MemoryKind> only) {
    return new MemoryQuery(bookId, text, k, minChapter, maxChapter, only);
  }
}
