package io.fablestream.platform.memory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One chunk as a vector store keeps it: its place in the story, its text and metadata, and its
 * vector.
 *
 * @param bookId the book
 * @param kind what the chunk came from
 * @param chapter its chapter (0 for the analysis)
 * @param chunkIndex its place in its document, from 0
 * @param text the chunk's text
 * @param keywords the document's keywords
 * @param vector the chunk's embedding
 */
public record StoredChunk(
    String bookId,
    MemoryKind kind,
    int chapter,
    int chunkIndex,
    String text,
    List<String> keywords,
    float[] vector) {
  public StoredChunk {
    Objects.requireNonNull(bookId);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(text);
    Objects.requireNonNull(vector);
    keywords = List.copyOf(keywords);
  }

  /** The same chunk with another vector (an empty one, where a store keeps the vector apart). */
  public StoredChunk withVector(float[] other) {
    return new StoredChunk(bookId, kind, chapter, chunkIndex, text, keywords, other);
  }

  /**
   * The chunk's id, derived from (bookId, kind, chapter, chunkIndex) alone, so indexing the same
   * document again overwrites its points instead of adding new ones.
   */
  public UUID pointId() {
    String key = bookId + '\u0000' + kind.name() + '\u0000' + chapter + '\u0000' + chunkIndex;
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }
}
