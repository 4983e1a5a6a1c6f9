package io.fablestream.platform.memory;

import java.util.List;
import java.util.Objects;

/**
 * A document to remember: chunked, embedded and stored with its metadata.
 *
 * @param bookId the book it belongs to
 * @param kind what it is
 * @param chapter the chapter it belongs to (0 for the analysis; the arc's last chapter for a
 *     summary)
 * @param text the whole text; story memory chunks it
 * @param keywords the document's salient terms, stored on every chunk
 */
public record MemoryDocument(
    String bookId, MemoryKind kind, int chapter, String text, List<String> keywords) {
  public MemoryDocument {
    Objects.requireNonNull(bookId);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(text);
    keywords = List.copyOf(keywords);
  }
}
