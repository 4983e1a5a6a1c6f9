package io.fablestream.platform.memory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The search of {@code memory.store=kafka} outside Kafka, for measuring it beside Lucene: each
 * book's chunks in a list of their own, searched exactly with {@link ExactSearch}, as
 * chapter-service searches the chunks it keeps per book. The vectors are kept as the float32
 * little-endian bytes ChapterIndexed carries them in, and decoded at each search for the chunks
 * that pass its filters, as chapter-service decodes what its range scan reads. (Not measured here:
 * RocksDB's own reads and the Avro decoding of each chunk's record.)
 */
final class ExactVectorStore implements VectorStore {
  private record Kept(StoredChunk chunk, ByteBuffer vector) {}

  private final Map<String, List<Kept>> books = new ConcurrentHashMap<>();

  @Override
  public void open(int dimension) {
    // Nothing to create.
  }

  @Override
  public synchronized void replace(
      String bookId, MemoryKind kind, int chapter, List<StoredChunk> chunks) {
    List<Kept> book = books.computeIfAbsent(bookId, b -> new ArrayList<>());
    book.removeIf(k -> k.chunk().kind() == kind && k.chunk().chapter() == chapter);
    for (StoredChunk c : chunks) {
      book.add(new Kept(c.withVector(new float[0]), ExactSearch.toBytes(c.vector())));
    }
  }

  @Override
  public List<MemoryHit> search(float[] vector, MemoryQuery query) {
    ExactSearch search = new ExactSearch(vector, query);
    List<Kept> book;
    synchronized (this) {
      book = List.copyOf(books.getOrDefault(query.bookId(), List.of()));
    }
    for (Kept k : book) {
      StoredChunk c = k.chunk();
      if (search.admits(c.bookId(), c.kind(), c.chapter())) {
        search.offer(c.withVector(ExactSearch.fromBytes(k.vector())));
      }
    }
    return search.hits();
  }

  @Override
  public synchronized void deleteBook(String bookId) {
    books.remove(bookId);
  }

  @Override
  public synchronized void deleteChapters(String bookId, int fromChapter) {
    books
        .getOrDefault(bookId, new ArrayList<>())
        .removeIf(
            k -> k.chunk().kind() == MemoryKind.CHAPTER && k.chunk().chapter() >= fromChapter);
  }

  @Override
  public void close() {
    // Holds nothing outside the heap.
  }
}
