package io.fablestream.platform.memory;

/**
 * The names a stored chunk's metadata goes by in every store that keeps it (Lucene's stored fields,
 * Qdrant's payload), so a store written by one version is read by the next under the same names.
 */
public final class ChunkFields {
  public static final String BOOK_ID = "bookId";
  public static final String KIND = "kind";
  public static final String CHAPTER = "chapter";
  public static final String CHUNK_INDEX = "chunkIndex";
  public static final String TEXT = "text";
  public static final String KEYWORDS = "keywords";

  private ChunkFields() {}
}
