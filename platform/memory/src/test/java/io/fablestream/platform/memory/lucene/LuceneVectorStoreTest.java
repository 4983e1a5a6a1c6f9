package io.fablestream.platform.memory.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.VectorStore;
import io.fablestream.platform.memory.VectorStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vector store contract on the on-disk Lucene index, and what is Lucene's own. */
class LuceneVectorStoreTest extends VectorStoreContract {
  @TempDir Path dir;

  @Override
  protected VectorStore createStore() {
    return new LuceneVectorStore(dir.resolve("memory"));
  }

  @Override
  protected VectorStore reopen(VectorStore closed) {
    closed.close();
    return new LuceneVectorStore(dir.resolve("memory"));
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefusedWithAClearMessage() {
    LuceneVectorStore second = new LuceneVectorStore(dir.resolve("memory"));

    assertThatThrownBy(() -> second.open(DIMENSION))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("memory.lucene.dir");
  }

  @Test
  void anIndexOfAnotherDimensionIsRefusedWithAClearMessage() {
    String book = book("dimension");
    store().replace(book, MemoryKind.CHAPTER, 1, chapter(book, 1, 2, 0.5));
    store().close();

    LuceneVectorStore wider = new LuceneVectorStore(dir.resolve("memory"));
    assertThatThrownBy(() -> wider.open(DIMENSION * 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dimension " + DIMENSION)
        .hasMessageContaining("memory.lucene.dir");
  }

  @Test
  void concurrentWritersAreAllDurableAndSearchableWhenTheyReturn() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int chapter = 1; chapter <= 24; chapter++) {
        int n = chapter;
        writes.add(
            pool.submit(
                () -> {
                  store()
                      .replace(
                          book("busy"), MemoryKind.CHAPTER, n, chapter(book("busy"), n, 3, 0.5));
                  // Seen by a search the moment replace returns, whoever committed it.
                  assertThat(
                          store()
                              .search(
                                  query(),
                                  MemoryQuery.of(book("busy"), "x", 10)
                                      .fromChapter(n)
                                      .throughChapter(n)))
                      .hasSize(3);
                }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdown();
    }

    VectorStore reopened = reopen(store());
    reopened.open(DIMENSION);
    try {
      assertThat(reopened.search(query(), MemoryQuery.of(book("busy"), "x", 100))).hasSize(72);
    } finally {
      reopened.close();
    }
  }

  @Test
  void aClosedStoreReportsItselfUnavailable() {
    VectorStore store = store();
    store.close();

    assertThatThrownBy(() -> store.search(query(), MemoryQuery.of(book("x"), "x", 3)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(dir.resolve("memory")).isDirectory();
  }
}
