package io.fablestream.platform.memory;

import java.util.List;

/** Turns texts into vectors of one fixed dimension; batched. */
public interface Embedder {
  /** The length of every vector this embedder returns. */
  int dimension();

  /**
   * Embeds a batch of texts, one vector per text, in order. Vectors are L2-normalised so the dot
   * product is the cosine similarity.
   *
   * @throws StoreUnavailableException when a remote embedder cannot answer
   */
  List<float[]> embed(List<String> texts);

  /** A short name for logs and metrics, for example {@code all-minilm-l6-v2-q}. */
  String name();
}
