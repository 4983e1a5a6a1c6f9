package io.fablestream.platform.memory;

import io.fablestream.platform.memory.lucene.LuceneVectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The search alone, without the embedder, of Lucene's filtered HNSW and of {@code
 * memory.store=kafka}'s exact per-book search on the same vectors: 20 books of 40 chapters of 13
 * chunks (10,400 chunks), random unit vectors of 384 dimensions (MiniLM's), 2,000 queries (k = 3,
 * one book, chapters n-3 to n-1, as chapter-service asks) after 200 warm-up queries each.
 *
 * <p>Not a test: run it by hand (see docs/memory.md); it takes seconds where MemoryBenchmark embeds
 * its whole corpus first.
 */
public final class SearchBenchmark {
  private static final int BOOKS = 20;
  private static final int CHAPTERS = 40;
  private static final int CHUNKS = 13;
  private static final int DIMENSION = 384;
  private static final int QUERIES = 2_000;

  private SearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    Random random = new Random(7);
    Path dir = Files.createTempDirectory("fablestream-search-bench");
    try (LuceneVectorStore lucene = new LuceneVectorStore(dir.resolve("memory"));
        ExactVectorStore exact = new ExactVectorStore()) {
      lucene.open(DIMENSION);
      for (int b = 0; b < BOOKS; b++) {
        for (int c = 1; c <= CHAPTERS; c++) {
          List<StoredChunk> chunks = new ArrayList<>();
          for (int i = 0; i < CHUNKS; i++) {
            chunks.add(
                new StoredChunk(
                    "book-" + b,
                    MemoryKind.CHAPTER,
                    c,
                    i,
                    "chunk " + i + " of chapter " + c,
                    List.of(),
                    unit(random)));
          }
          lucene.replace("book-" + b, MemoryKind.CHAPTER, c, chunks);
          exact.replace("book-" + b, MemoryKind.CHAPTER, c, chunks);
        }
      }
      long[] luceneNanos = new long[QUERIES];
      long[] exactNanos = new long[QUERIES];
      int same = 0;
      for (int i = -200; i < QUERIES; i++) {
        int n = 2 + random.nextInt(CHAPTERS - 1);
        MemoryQuery query =
            MemoryQuery.of("book-" + random.nextInt(BOOKS), "q", 3)
                .fromChapter(Math.max(1, n - 3))
                .throughChapter(n - 1);
        float[] vector = unit(random);
        long t0 = System.nanoTime();
        List<MemoryHit> a = lucene.search(vector, query);
        long t1 = System.nanoTime();
        List<MemoryHit> e = exact.search(vector, query);
        long t2 = System.nanoTime();
        if (i >= 0) {
          luceneNanos[i] = t1 - t0;
          exactNanos[i] = t2 - t1;
          if (!a.isEmpty()
              && a.get(0).chapter() == e.get(0).chapter()
              && a.get(0).chunkIndex() == e.get(0).chunkIndex()) {
            same++;
          }
        }
      }
      System.out.printf(
          "%d chunks of %d books, %d queries (k=3, one book, chapters n-3..n-1), search only:%n",
          BOOKS * CHAPTERS * CHUNKS, BOOKS, QUERIES);
      System.out.printf("  Lucene filtered HNSW: %s%n", MemoryBenchmark.percentiles(luceneNanos));
      System.out.printf(
          "  exact per book (memory.store=kafka): %s%n", MemoryBenchmark.percentiles(exactNanos));
      System.out.printf("  same first hit in %d of %d queries%n", same, QUERIES);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static float[] unit(Random random) {
    float[] v = new float[DIMENSION];
    double norm = 0;
    for (int i = 0; i < DIMENSION; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < DIMENSION; i++) {
      v[i] *= scale;
    }
    return v;
  }
}
