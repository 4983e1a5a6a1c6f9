package io.fablestream.platform.memory;

import io.fablestream.platform.memory.embed.MiniLmEmbedder;
import io.fablestream.platform.memory.lucene.LuceneVectorStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Story memory's speed with the real parts (MiniLM in process, Lucene on disk), in one run: the
 * embedder's own batched throughput on 10,000 chunks of about 500 characters; the whole indexing
 * throughput on the same chunks (chunk, embed, upsert with a commit per document); then 1,000
 * queries filtered by book and chapter range, their latency with the query's embedding.
 *
 * <p>Not a test: run it by hand (see docs/memory.md). Targets: indexing at least 0.8 of the
 * embedder's throughput; query p99 under 10 ms.
 */
public final class MemoryBenchmark {
  private static final int CHUNKS = 10_000;
  private static final int QUERIES = 1_000;
  private static final int BOOKS = 20;
  private static final String[] NAMES = {
    "Mira", "Osric", "Tomas", "Agnes", "Ilse", "Felix", "Amira", "Karim", "Yusuf", "Layla"
  };
  private static final String[] PLACES = {
    "the marsh",
    "Crow Island",
    "the lighthouse",
    "the old mill",
    "the market",
    "the oasis",
    "the observatory",
    "the bridge",
    "the library",
    "the harbour"
  };
  private static final String[] THINGS = {
    "a blue lantern", "a brass key", "a star chart", "a clay jar", "a copper compass",
    "a silver spoon", "a sea chest", "a falcon's feather", "a map", "a music box"
  };
  private static final String[] VERBS = {
    "found", "carried", "lost", "mended", "hid", "opened", "traded", "studied", "buried", "followed"
  };

  private MemoryBenchmark() {}

  /**
   * @param args the number of indexing threads, as the indexer's stream threads; default 2 (the
   *     default of {@code streams.threads})
   */
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    Random random = new Random(42);
    Chunker chunker = new Chunker(500, 50);
    List<MemoryDocument> documents = new ArrayList<>();
    List<String> chunkTexts = new ArrayList<>();
    int chapter = 0;
    while (chunkTexts.size() < CHUNKS) {
      String book = "book-" + (documents.size() % BOOKS);
      chapter = documents.size() / BOOKS + 1;
      String text = chapterText(random, 4_800);
      documents.add(new MemoryDocument(book, MemoryKind.CHAPTER, chapter, text, List.of("bench")));
      chunkTexts.addAll(chunker.split(text));
    }
    int chapters = chapter;
    double meanLength = chunkTexts.stream().mapToInt(String::length).average().orElse(0);
    System.out.printf(
        "Corpus: %d chunks (mean %.0f characters) in %d chapters of %d books%n",
        chunkTexts.size(), meanLength, documents.size(), BOOKS);

    Path dir = Files.createTempDirectory("fablestream-memory-bench");
    try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
      embedder.embed(chunkTexts.subList(0, 64)); // load and warm the model

      // 1 and 2, interleaved in rounds so that both see the same load on a shared machine:
      // the embedder alone on a round's chapters, in the batches indexing uses (one chapter's
      // chunks), then the whole indexing of the same chapters (chunk, embed, upsert, commit).
      LuceneVectorStore store = new LuceneVectorStore(dir.resolve("memory"));
      store.open(embedder.dimension());
      // The same chunks and vectors, also kept as memory.store=kafka keeps them (a copy per
      // chapter, microseconds beside the Lucene commit), for the exact search of part 4.
      ExactVectorStore exact = new ExactVectorStore();
      VectorStore both = new Tee(store, exact);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      DefaultStoryMemory memory =
          new DefaultStoryMemory(chunker, embedder, both, registry, Tags.empty());
      long embedNanos = 0;
      long indexNanos = 0;
      int indexed = 0;
      int rounds = 10;
      int perRound = (documents.size() + rounds - 1) / rounds;
      ExecutorService workers = Executors.newFixedThreadPool(threads);
      for (int from = 0; from < documents.size(); from += perRound) {
        List<MemoryDocument> round =
            documents.subList(from, Math.min(documents.size(), from + perRound));
        List<Callable<Integer>> embedOnly = new ArrayList<>();
        List<Callable<Integer>> indexAll = new ArrayList<>();
        for (MemoryDocument document : round) {
          embedOnly.add(() -> embedder.embed(chunker.split(document.text())).size());
          indexAll.add(() -> memory.index(document));
        }
        long t = System.nanoTime();
        sum(workers.invokeAll(embedOnly));
        embedNanos += System.nanoTime() - t;
        t = System.nanoTime();
        indexed += sum(workers.invokeAll(indexAll));
        indexNanos += System.nanoTime() - t;
      }
      workers.shutdown();
      double embedRate = chunkTexts.size() / (embedNanos / 1e9);
      double indexRate = indexed / (indexNanos / 1e9);
      System.out.printf(
          "Embedder alone (%s, batched per chapter, %d callers): %.1f chunks/s (%.1f s)%n",
          embedder.name(), threads, embedRate, embedNanos / 1e9);
      System.out.printf(
          "Whole indexing (chunk, embed, upsert, commit; %d threads): %.1f chunks/s (%.1f s), %.2f of the"
              + " embedder's throughput (target >= 0.80); index holds %d chunks%n",
          threads, indexRate, indexNanos / 1e9, indexRate / embedRate, store.size());
      System.out.printf(
          "  of which (summed over threads): embedding %.1f s, upsert and commit %.1f s (mean"
              + " %.1f ms, max %.1f ms per chapter)%n",
          registry.get("fablestream.memory.embed").timer().totalTime(TimeUnit.SECONDS),
          registry.get("fablestream.memory.upsert").timer().totalTime(TimeUnit.SECONDS),
          registry.get("fablestream.memory.upsert").timer().mean(TimeUnit.MILLISECONDS),
          registry.get("fablestream.memory.upsert").timer().max(TimeUnit.MILLISECONDS));

      // 3. Filtered queries: one book, chapters from n-3 on, as chapter-service asks.
      for (int i = 0; i < 100; i++) {
        memory.search(query(random, chapters));
      }
      long[] whole = new long[QUERIES];
      long[] embedding = new long[QUERIES];
      long[] searching = new long[QUERIES];
      long[] exactSearching = new long[QUERIES];
      int hits = 0;
      int sameFirst = 0;
      for (int i = 0; i < QUERIES; i++) {
        MemoryQuery query = query(random, chapters);
        long t0 = System.nanoTime();
        hits += memory.search(query).size();
        long t1 = System.nanoTime();
        float[] vector = embedder.embed(List.of(query.text())).get(0);
        long t2 = System.nanoTime();
        List<MemoryHit> approximate = store.search(vector, query);
        long t3 = System.nanoTime();
        List<MemoryHit> exactHits = exact.search(vector, query);
        long t4 = System.nanoTime();
        whole[i] = t1 - t0;
        embedding[i] = t2 - t1;
        searching[i] = t3 - t2;
        exactSearching[i] = t4 - t3;
        if (!approximate.isEmpty()
            && !exactHits.isEmpty()
            && approximate.get(0).chapter() == exactHits.get(0).chapter()
            && approximate.get(0).chunkIndex() == exactHits.get(0).chunkIndex()) {
          sameFirst++;
        }
      }
      System.out.printf(
          "Filtered queries (k=3, one book, chapters n-3..n, embedding included): %s over %d"
              + " queries (%d hits; target p99 < 10 ms)%n",
          percentiles(whole), QUERIES, hits);
      System.out.printf(
          "  of which: query embedding %s; Lucene filtered kNN search %s%n",
          percentiles(embedding), percentiles(searching));
      System.out.printf(
          "  memory.store=kafka's exact per-book search (cosine over the book's chunks in the"
              + " range, vectors decoded from float32 bytes) on the same vectors: %s; its first hit"
              + " is Lucene's in %d of %d queries%n",
          percentiles(exactSearching), sameFirst, QUERIES);
      memory.close();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Writes go to both stores; searches and everything else to the first. */
  private record Tee(VectorStore first, VectorStore second) implements VectorStore {
    @Override
    public void open(int dimension) {
      first.open(dimension);
      second.open(dimension);
    }

    @Override
    public void replace(String bookId, MemoryKind kind, int chapter, List<StoredChunk> chunks) {
      first.replace(bookId, kind, chapter, chunks);
      second.replace(bookId, kind, chapter, chunks);
    }

    @Override
    public List<MemoryHit> search(float[] vector, MemoryQuery query) {
      return first.search(vector, query);
    }

    @Override
    public void deleteBook(String bookId) {
      first.deleteBook(bookId);
      second.deleteBook(bookId);
    }

    @Override
    public void deleteChapters(String bookId, int fromChapter) {
      first.deleteChapters(bookId, fromChapter);
      second.deleteChapters(bookId, fromChapter);
    }

    @Override
    public void close() {
      first.close();
      second.close();
    }
  }

  private static int sum(List<Future<Integer>> results) throws Exception {
    int total = 0;
    for (Future<Integer> result : results) {
      total += result.get();
    }
    return total;
  }

  /** The median, 99th percentile and longest of some timings, in milliseconds. */
  static String percentiles(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(
        "p50 %.3f ms, p99 %.3f ms, max %.3f ms",
        sorted[sorted.length / 2] / 1e6,
        sorted[sorted.length * 99 / 100] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static MemoryQuery query(Random random, int chapters) {
    int n = 1 + random.nextInt(chapters);
    return MemoryQuery.of("book-" + random.nextInt(BOOKS), sentence(random), 3)
        .fromChapter(Math.max(1, n - 3))
        .throughChapter(n);
  }

  private static String chapterText(Random random, int length) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      for (int s = 0; s < 4 + random.nextInt(3) && text.length() < length; s++) {
        text.append(sentence(random)).append(' ');
      }
      text.append("\n\n");
    }
    return text.toString().strip();
  }

  private static String sentence(Random random) {
    return pick(random, NAMES)
        + " "
        + pick(random, VERBS)
        + " "
        + pick(random, THINGS)
        + " near "
        + pick(random, PLACES)
        + " while "
        + pick(random, NAMES)
        + " watched from "
        + pick(random, PLACES)
        + ", and nobody spoke of it again until the evening bell.";
  }

  private static String pick(Random random, String[] words) {
    return words[random.nextInt(words.length)];
  }
}
