package io.fablestream.chapter;

import io.fablestream.platform.memory.MemoryHit;
import java.util.List;

/**
 * The answer of the search before a chapter, made off the stream thread: the hits of a store that
 * searches by itself (Lucene, Qdrant), or, with story memory kept in Kafka, the query's vector,
 * which the task's own {@link BookChunks} is searched with when the answer is applied.
 *
 * @param hits the hits, best first, when the store searched
 * @param queryVector the query's vector when the search is the task's, else null
 */
record Recalled(List<MemoryHit> hits, float[] queryVector) {
  static Recalled found(List<MemoryHit> hits) {
    return new Recalled(List.copyOf(hits), null);
  }

  static Recalled toSearch(float[] queryVector) {
    return new Recalled(List.of(), queryVector);
  }
}
