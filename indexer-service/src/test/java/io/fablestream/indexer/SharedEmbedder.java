package io.fablestream.indexer;

import io.fablestream.platform.memory.Embedder;
import java.util.List;

/** An embedder lent to one story memory: closing that memory leaves the embedder open. */
record SharedEmbedder(Embedder embedder) implements Embedder {
  @Override
  public int dimension() {
    return embedder.dimension();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return embedder.embed(texts);
  }

  @Override
  public String name() {
    return embedder.name();
  }
}
