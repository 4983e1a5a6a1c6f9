package io.fablestream.platform.memory.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fablestream.platform.memory.Chunker;
import io.fablestream.platform.memory.DefaultStoryMemory;
import io.fablestream.platform.memory.MemoryDocument;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.lucene.LuceneVectorStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ollama embedder against a server that answers {@code POST /api/embed} as Ollama does: the
 * same JSON fields, a 404 with Ollama's error text for a model that is not pulled.
 */
class OllamaEmbedderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "nomic-embed-text";

  private HttpServer server;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startOllama() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/embed", this::embed);
    server.start();
  }

  @AfterEach
  void stopOllama() {
    server.stop(0);
  }

  @Test
  void theDimensionIsTheModelsFoundByAProbe() {
    OllamaEmbedder embedder = open();

    assertThat(embedder.dimension()).isEqualTo(6);
    assertThat(embedder.name()).isEqualTo("ollama:nomic-embed-text");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).get("model").asText()).isEqualTo(MODEL);
  }

  @Test
  void aBatchIsEmbeddedInOrderAsUnitVectorsInRequestsOfAtMostTheBatchSize() {
    OllamaEmbedder embedder = open();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < OllamaEmbedder.BATCH + 6; i++) {
      texts.add("text " + i);
    }

    List<float[]> vectors = embedder.embed(texts);

    assertThat(vectors).hasSize(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      float[] v = vectors.get(i);
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
      // The fake puts the text's length in the first component: order is kept.
      assertThat(v[0]).isPositive();
    }
    assertThat(requests.subList(1, requests.size()))
        .extracting(r -> r.get("input").size())
        .containsExactly(OllamaEmbedder.BATCH, 6);
    assertThat(authorizations).allMatch("Bearer secret"::equals);
  }

  @Test
  void aModelThatIsNotPulledIsReportedWithWhatToDo() {
    assertThatThrownBy(
            () ->
                OllamaEmbedder.open(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    "missing-model",
                    Duration.ofSeconds(5),
                    Map.of()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("model \"missing-model\" not found, try pulling it first")
        .hasMessageContaining("ollama pull missing-model");
  }

  @Test
  void anOllamaThatIsNotRunningIsUnavailable() {
    int port = server.getAddress().getPort();
    server.stop(0);

    assertThatThrownBy(
            () ->
                OllamaEmbedder.open(
                    URI.create("http://127.0.0.1:" + port), MODEL, Duration.ofSeconds(5), Map.of()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("cannot be reached");
  }

  @Test
  void storyMemoryCountsAnEmbedderThatWentDownAsAStoreError(@TempDir Path dir) {
    OllamaEmbedder embedder = open();
    LuceneVectorStore store = new LuceneVectorStore(dir.resolve("memory"));
    store.open(embedder.dimension());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (DefaultStoryMemory memory =
        new DefaultStoryMemory(
            new Chunker(500, 50), embedder, store, registry, Tags.of("service", "memory"))) {
      server.stop(0);

      assertThatThrownBy(
              () ->
                  memory.index(
                      new MemoryDocument("b", MemoryKind.CHAPTER, 1, "Some text.", List.of())))
          .isInstanceOf(StoreUnavailableException.class);
    }
    assertThat(
            registry
                .get("fablestream.memory.store.errors")
                .tags("service", "memory", "operation", "embed", "embedder", embedder.name())
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(registry.get("fablestream.memory.chunks.indexed").counter().count()).isZero();
  }

  private OllamaEmbedder open() {
    return OllamaEmbedder.open(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        MODEL,
        Duration.ofSeconds(5),
        Map.of("Authorization", "Bearer secret"));
  }

  /** Answers as Ollama's /api/embed does, with made-up (unnormalised) 6-dimension vectors. */
  private void embed(HttpExchange exchange) throws IOException {
    JsonNode request = JSON.readTree(exchange.getRequestBody());
    requests.add(request);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth != null) {
      authorizations.add(auth);
    }
    String model = request.get("model").asText();
    if (!model.equals(MODEL)) {
      reply(
          exchange,
          404,
          "{\"error\":\"model \\\"" + model + "\\\" not found, try pulling it first\"}");
      return;
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("model", model);
    ArrayNode embeddings = answer.putArray("embeddings");
    JsonNode input = request.get("input");
    List<String> texts = new ArrayList<>();
    if (input.isArray()) {
      input.forEach(t -> texts.add(t.asText()));
    } else {
      texts.add(input.asText());
    }
    for (String text : texts) {
      ArrayNode vector = embeddings.addArray();
      vector.add(text.length()).add(0.5).add(-0.25).add(1.0).add(0.0).add(2.0);
    }
    answer.put("total_duration", 14_143_917L);
    answer.put("load_duration", 1_019_500L);
    answer.put("prompt_eval_count", texts.size() * 3);
    reply(exchange, 200, answer.toString());
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
