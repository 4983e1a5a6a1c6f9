package io.fablestream.platform.memory;

import java.util.List;

/**
 * One chunk found by a search.
 *
 * @param bookId the book it belongs to
 * @param kind what it came from
 * @param chapter its chapter
 * @param chunkIndex its place in its document, from 0
 * @param text the chunk's text
 * @param keywords the document's keywords
 * @param score similarity to the query, higher is nearer
 */
public record MemoryHit(
    String bookId,
    MemoryKind kind,
    int chapter,
    int chunkIndex,
    String text,
    List<String> keywords,
    double score) {
  public MemoryHit {
    keywords = List.copyOf(keywords);
  }
}
