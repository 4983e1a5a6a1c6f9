package io.fablestream.platform.model.ollama;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fablestream.platform.config.OllamaSettings;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.github.ollama4j.models.generate.OllamaGenerateRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model gateway on Ollama's {@code /api/generate}. Requests and answers are ollama4j's own
 * types ({@link OllamaGenerateRequest}, {@link OllamaGenerateResponseModel}), so the JSON is the
 * one ollama4j speaks; the HTTP exchange is {@link OllamaHttp}'s, because ollama4j 1.1.6 drops the
 * status code that tells a missing model from a failing server.
 *
 * <p>Transient failures (connection refused, timeouts, HTTP 5xx, 408, 429, a body that is not
 * Ollama's JSON) are retried {@code ollama.retries} times with a backoff that starts at {@code
 * ollama.retry.backoff} and doubles. A model that is not pulled fails at once with the command that
 * fixes it; other 4xx answers fail at once as rejected. Thread-safe: one instance serves every
 * stream thread of a process.
 */
public final class OllamaModelGateway implements ModelGateway {
  private static final Logger LOG = LoggerFactory.getLogger(OllamaModelGateway.class);

  private final OllamaSettings settings;
  private final String host;
  private final OllamaHttp http;
  private final Retrying retrying;
  private final MeterRegistry registry;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * A gateway to the Ollama of the settings.
   *
   * @param registry where the retry counter goes; null for none
   */
  public OllamaModelGateway(OllamaSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.host = OllamaHttp.display(settings.host());
    this.http = new OllamaHttp(settings.host(), settings.requestTimeout(), settings.headers());
    this.retrying = new Retrying(settings.maxRetries(), settings.retryBackoff());
    this.registry = registry;
  }

  /** The Ollama this gateway asks, as it may be shown (no credentials). */
  public String host() {
    return host;
  }

  @Override
  public ModelAnswer generate(ModelRequest request) {
    String body = requestBody(request);
    return retrying.run(
        attempt -> answer(request.model(), http.post("/api/generate", body)),
        (attempt, failure) -> retryLater(request.model(), attempt, failure),
        exhausted ->
            new ModelException(
                ModelException.Kind.UNAVAILABLE,
                "Ollama at "
                    + host
                    + " did not answer model "
                    + request.model()
                    + " after "
                    + exhausted.attempts()
                    + (exhausted.attempts() == 1 ? " attempt" : " attempts")
                    + "; last error: "
                    + exhausted.last().getMessage(),
                exhausted.attempts(),
                exhausted.last()));
  }

  /**
   * Checks that Ollama is reachable and has every one of the models pulled, so a process can fail
   * at start with the fix rather than at its first book.
   *
   * @throws ModelException {@code MODEL_NOT_FOUND} naming each missing model and its {@code ollama
   *     pull} command, or {@code UNAVAILABLE} when Ollama cannot be reached
   */
  public void requireModels(List<String> models) {
    List<String> pulled = pulledModels();
    List<String> missing =
        models.stream().distinct().filter(m -> !OllamaModelNames.contains(pulled, m)).toList();
    if (missing.isEmpty()) {
      return;
    }
    String names = String.join(", ", missing);
    String pulls = String.join(" && ", missing.stream().map(m -> "ollama pull " + m).toList());
    throw new ModelException(
        ModelException.Kind.MODEL_NOT_FOUND,
        (missing.size() == 1 ? "model " : "models ")
            + names
            + (missing.size() == 1 ? " is" : " are")
            + " not available at "
            + host
            + "; run: "
            + pulls,
        1,
        null);
  }

  /** The names of the models Ollama has pulled, from {@code /api/tags}. */
  public List<String> pulledModels() {
    return retrying.run(
        attempt -> tags(http.get("/api/tags")),
        (attempt, failure) -> retryLater("(list)", attempt, failure),
        exhausted ->
            new ModelException(
                ModelException.Kind.UNAVAILABLE,
                "Ollama is not reachable at "
                    + host
                    + " ("
                    + exhausted.last().getMessage()
                    + "): is Ollama running at "
                    + host
                    + "? Start it with 'ollama serve', or set OLLAMA_HOST.",
                exhausted.attempts(),
                exhausted.last()));
  }

  private String requestBody(ModelRequest request) {
    OllamaGenerateRequest generate =
        OllamaGenerateRequest.builder()
            .withModel(request.model())
            .withPrompt(request.prompt())
            .withStreaming(false);
    if (request.system() != null) {
      generate.withSystem(request.system());
    }
    if (!request.images().isEmpty()) {
      generate.withImagesBase64(
          request.images().stream().map(b -> Base64.getEncoder().encodeToString(b)).toList());
    }
    if (request.jsonSchema() != null) {
      generate.setFormat(format(request.jsonSchema()));
    }
    if (!request.options().isEmpty()) {
      generate.setOptions(request.options());
    }
    try {
      return json.writeValueAsString(generate);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The request cannot be written as JSON: " + e, e);
    }
  }

  /** Ollama's {@code format}: the word {@code json}, or a JSON schema as a JSON object. */
  private Object format(String schema) {
    if (schema.strip().equals("json")) {
      return "json";
    }
    try {
      return json.readValue(schema, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "The JSON schema of a model request is not a JSON object: " + e.getOriginalMessage(), e);
    }
  }

  private ModelAnswer answer(String model, OllamaHttp.Answer response) throws TransientFailure {
    if (response.status() == 200) {
      return OllamaAnswers.fromGenerate(json, model, response.body());
    }
    throw OllamaErrors.of(host, model, response);
  }

  private List<String> tags(OllamaHttp.Answer response) throws TransientFailure {
    if (response.status() == 200) {
      return OllamaAnswers.modelNames(json, response.body());
    }
    throw OllamaErrors.of(host, "(list)", response);
  }

  private void retryLater(String model, int attempt, TransientFailure failure) {
    LOG.warn(
        "Ollama at {} failed for model {} (attempt {} of {}): {}; retrying in {} ms",
        host,
        model,
        attempt,
        settings.maxRetries() + 1,
        failure.getMessage(),
        retrying.backoff(attempt).toMillis());
    if (registry != null) {
      Counter.builder("fablestream.model.retries")
          .description("Model calls retried after a transient failure")
          // One gateway serves every service of a process, so it cannot say which one called;
          // like story memory's service=memory, it names itself, and every meter has the tag.
          .tag("service", "models")
          .tag("model", model)
          .tag("reason", failure.reason().tag())
          .register(registry)
          .increment();
    }
  }
}
