package io.fablestream.platform.memory.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.platform.memory.Embedder;
import io.fablestream.platform.memory.StoreUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embeddings from Ollama's {@code POST /api/embed} (for example {@code nomic-embed-text}), for
 * deployments that run the embedding model beside the text models. The dimension is the model's,
 * found by embedding a probe text when the embedder is opened.
 *
 * <p>Thread-safe: the JDK HTTP client is, and nothing else changes after {@link #open}.
 */
public final class OllamaEmbedder implements Embedder {
  /** Texts per request: Ollama embeds a request's inputs as one batch. */
  static final int BATCH = 64;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI endpoint;
  private final String model;
  private final Duration timeout;
  private final Map<String, String> headers;
  private volatile int dimension;

  private OllamaEmbedder(URI host, String model, Duration timeout, Map<String, String> headers) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.endpoint = host.resolve("/api/embed");
    this.model = Objects.requireNonNull(model);
    this.timeout = timeout;
    this.headers = Map.copyOf(headers);
  }

  /**
   * An embedder of {@code model} on the Ollama at {@code host}, its dimension found by a probe.
   *
   * @param headers extra headers on every request (a proxy's credentials); never logged
   * @throws StoreUnavailableException when Ollama cannot be reached or does not have the model
   */
  public static OllamaEmbedder open(
      URI host, String model, Duration timeout, Map<String, String> headers) {
    OllamaEmbedder embedder = new OllamaEmbedder(host, model, timeout, headers);
    embedder.dimension = embedder.request(List.of("dimension probe")).get(0).length;
    return embedder;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH) {
      out.addAll(request(texts.subList(from, Math.min(texts.size(), from + BATCH))));
    }
    return out;
  }

  @Override
  public String name() {
    return "ollama:" + model;
  }

  private List<float[]> request(List<String> texts) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    texts.forEach(input::add);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StoreUnavailableException(
          "Ollama at " + endpoint + " cannot be reached for embeddings: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("Interrupted while embedding with Ollama", e);
    }
    JsonNode answer = parse(response.body());
    if (response.statusCode() != 200) {
      String error = answer.path("error").asText(response.body());
      String hint =
          response.statusCode() == 404 ? " (run: ollama pull " + model + ")" : " (HTTP error)";
      throw new StoreUnavailableException(
          "Ollama could not embed with "
              + model
              + ": HTTP "
              + response.statusCode()
              + " "
              + error
              + hint,
          null);
    }
    JsonNode embeddings = answer.path("embeddings");
    if (!embeddings.isArray() || embeddings.size() != texts.size()) {
      throw new StoreUnavailableException(
          "Ollama answered /api/embed with "
              + embeddings.size()
              + " embeddings for "
              + texts.size()
              + " inputs",
          null);
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (JsonNode embedding : embeddings) {
      float[] vector = new float[embedding.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) embedding.get(i).asDouble();
      }
      if (dimension != 0 && vector.length != dimension) {
        throw new StoreUnavailableException(
            "Ollama's " + model + " answered " + vector.length + " dimensions, not " + dimension,
            null);
      }
      out.add(Vectors.unit(vector));
    }
    return out;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("error", body);
    }
  }
}
