package io.fablestream.platform.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact nearest-neighbour search over one book's chunks: the cosine of the query with every chunk
 * that passes the query's filters, the k best kept in a heap. A book holds at most a few thousand
 * chunks, so this costs well under a millisecond and needs no index.
 */
public final class ExactSearch {
  private final MemoryQuery query;
  private final float[] vector;
  private final double norm;
  private final PriorityQueue<MemoryHit> best =
      new PriorityQueue<>(Comparator.comparingDouble(MemoryHit::score));

  /** A search for the query's k nearest chunks to {@code vector}. */
  public ExactSearch(float[] vector, MemoryQuery query) {
    this.query = query;
    this.vector = vector.clone();
    this.norm = Math.sqrt(dot(vector, vector));
  }

  /** Whether a chunk of this place in the story may be a hit at all. */
  public boolean admits(String bookId, MemoryKind kind, int chapter) {
    return query.bookId().equals(bookId)
        && query.kinds().contains(kind)
        && chapter >= query.minChapter()
        && chapter <= query.maxChapter();
  }

  /** Offers one chunk; it is kept when it passes the filters and is among the k nearest so far. */
  public void offer(StoredChunk chunk) {
    if (!admits(chunk.bookId(), chunk.kind(), chunk.chapter())) {
      return;
    }
    if (chunk.vector().length != vector.length) {
      throw new IllegalArgumentException(
          "A chunk of "
              + chunk.vector().length
              + " dimensions cannot be compared with a query of "
              + vector.length
              + ": the embedder changed since the chunk was stored");
    }
    double chunkNorm = Math.sqrt(dot(chunk.vector(), chunk.vector()));
    double score =
        norm == 0 || chunkNorm == 0 ? 0 : dot(vector, chunk.vector()) / (norm * chunkNorm);
    if (best.size() < query.k() || score > best.peek().score()) {
      best.add(
          new MemoryHit(
              chunk.bookId(),
              chunk.kind(),
              chunk.chapter(),
              chunk.chunkIndex(),
              chunk.text(),
              chunk.keywords(),
              score));
      if (best.size() > query.k()) {
        best.poll();
      }
    }
  }

  /** The hits, best first. */
  public List<MemoryHit> hits() {
    List<MemoryHit> hits = new ArrayList<>(best);
    hits.sort(
        Comparator.comparingDouble(MemoryHit::score)
            .reversed()
            .thenComparingInt(MemoryHit::chapter)
            .thenComparingInt(MemoryHit::chunkIndex));
    return hits;
  }

  /** A vector as Kafka carries it: float32 values, little-endian. */
  public static ByteBuffer toBytes(float[] vector) {
    ByteBuffer bytes =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return bytes;
  }

  /** A vector from the bytes of {@link #toBytes}. */
  public static float[] fromBytes(ByteBuffer bytes) {
    ByteBuffer little = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (little.remaining() % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "A vector's bytes must be a whole number of float32 values: " + little.remaining());
    }
    float[] vector = new float[little.remaining() / Float.BYTES];
    little.asFloatBuffer().get(vector);
    return vector;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
