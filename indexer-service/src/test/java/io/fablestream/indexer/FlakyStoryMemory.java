package io.fablestream.indexer;

import io.fablestream.platform.memory.MemoryDocument;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.StoryMemory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real story memory behind a switch that makes its store unavailable for a number of index calls,
 * as a vector store that is down would be.
 */
final class FlakyStoryMemory implements StoryMemory {
  private final StoryMemory real;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger indexCalls = new AtomicInteger();

  FlakyStoryMemory(StoryMemory real) {
    this.real = real;
  }

  /** The next {@code n} index calls fail as a store that is down does. */
  void failNext(int n) {
    failuresLeft.set(n);
  }

  int indexCalls() {
    return indexCalls.get();
  }

  @Override
  public int index(MemoryDocument document) {
    indexCalls.incrementAndGet();
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new StoreUnavailableException(
          "The Lucene index could not write: connection refused", null);
    }
    return real.index(document);
  }

  @Override
  public List<MemoryHit> search(MemoryQuery query) {
    return real.search(query);
  }

  @Override
  public void deleteBook(String bookId) {
    real.deleteBook(bookId);
  }

  @Override
  public void deleteChapters(String bookId, int fromChapter) {
    real.deleteChapters(bookId, fromChapter);
  }

  @Override
  public void close() {
    real.close();
  }
}
