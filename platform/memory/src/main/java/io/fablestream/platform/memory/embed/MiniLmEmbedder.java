package io.fablestream.platform.memory.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.fablestream.platform.memory.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * all-MiniLM-L6-v2, quantized, run in this JVM by ONNX Runtime (langchain4j's packaging of the
 * model): 384 dimensions, no server to reach. A batch is spread over a pool of one thread per core.
 *
 * <p>Thread-safe: the ONNX session is safe for concurrent runs, and the pool is this embedder's
 * own, shut down by {@link #close()}.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {
  /** The model's vector length. */
  public static final int DIMENSION = 384;

  private final ExecutorService pool;
  private final AllMiniLmL6V2QuantizedEmbeddingModel model;

  /** Loads the model from the classpath (about 23 MB) and starts one thread per core. */
  public MiniLmEmbedder() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** Loads the model and starts {@code threads} threads to embed a batch with. */
  public MiniLmEmbedder(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "minilm-embed-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(pool);
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String text : texts) {
      segments.add(TextSegment.from(text));
    }
    List<Embedding> embeddings = model.embedAll(segments).content();
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (Embedding embedding : embeddings) {
      out.add(Vectors.unit(embedding.vector()));
    }
    return out;
  }

  @Override
  public String name() {
    return "all-minilm-l6-v2-q";
  }

  @Override
  public void close() {
    pool.shutdown();
  }
}
