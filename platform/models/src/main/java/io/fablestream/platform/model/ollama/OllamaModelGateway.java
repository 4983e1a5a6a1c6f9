package io.fablestream.platform.model.ollama;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.OllamaSettings;
import io.fablestream.platform.model.http.ModelHttp;
import io.fablestream.platform.model.http.RetriedCalls;
import io.fablestream.platform.model.http.TransientFailure;
import io.github.ollama4j.models.generate.OllamaGenerateRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model gateway on Ollama's {@code /api/generate}. Requests and answers are ollama4j's own
 * types ({@link OllamaGenerateRequest}, {@code OllamaGenerateResponseModel}), so the JSON is the
 * one ollama4j speaks; the HTTP exchange is {@link ModelHttp}'s, because ollama4j 1.1.6 drops the
 * status code that tells a missing model from a failing server.
 *
 * <p>Each call's context is sized to it: {@code num_predict} bounds the answer to the words the
 * request allows ({@link ContextBudget#answerTokens}), and {@code num_ctx} holds the prompt and
 * that answer, rounded up to 4096, 8192, 16384... and capped by {@code ollama.max.context}. Without
 * it Ollama runs a default window (2048 or 4096 tokens) and silently drops the start of a longer
 * prompt: the system prompt, the analysis and the retrieved memory. Because Ollama reloads a model
 * whenever {@code num_ctx} changes, a model's window only grows: a call never asks for less than
 * the largest window this gateway asked of that model before, so small and large calls do not
 * reload it in turn. A call that cannot fit under the cap is refused before it is sent ({@code
 * REJECTED}); {@code num_ctx} in {@code ollama.options} fixes one window for every call instead.
 *
 * <p>Options: {@code ollama.options}, then the role's temperature ({@code model.*.temperature}),
 * then the request's own options, then the sized window and answer bound (unless the request sets
 * them). {@code ollama.keep.alive} goes on every call. An answer that stopped at its bound ({@code
 * done_reason: "length"}) is marked {@link ModelAnswer#cutShort()}.
 *
 * <p>Transient failures (connection refused, timeouts, HTTP 5xx, 408, 429, a body that is not
 * Ollama's JSON) are retried {@code model.retries} times on the platform backoff. A model that is
 * not pulled fails at once with the command that fixes it; other 4xx answers fail at once as
 * rejected. Thread-safe: one instance serves every model call of a process.
 */
public final class OllamaModelGateway implements ModelGateway {
  private final ModelSettings settings;
  private final OllamaSettings ollama;
  private final String host;
  private final ModelHttp http;
  private final RetriedCalls calls;
  private final ContextBudget budget;
  private final Map<String, Integer> windows = new ConcurrentHashMap<>();
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
  public OllamaModelGateway(ModelSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.ollama = settings.ollama();
    this.host = ModelHttp.display(ollama.host());
    this.http =
        new ModelHttp(
            ollama.host(),
            "Ollama",
            settings.requestTimeout(),
            ollama.headers(),
            OllamaSettings.HEADERS.name());
    this.calls = new RetriedCalls("Ollama at " + host, settings.backoff(), registry);
    this.budget =
        new ContextBudget(
            ollama.contextCap(),
            ollama.fixedContext() > 0
                ? "num_ctx in " + OllamaSettings.OPTIONS.name()
                : OllamaSettings.MAX_CONTEXT.name());
  }

  /** The Ollama this gateway asks, as it may be shown (no credentials). */
  public String host() {
    return host;
  }

  @Override
  public ModelAnswer generate(ModelRequest request) {
    String body = requestBody(request);
    return calls.run(
        request.model(),
        attempt -> answer(request.model(), http.post("/api/generate", body)),
        exhausted ->
            exhausted.unavailable(
                "Ollama at " + host, request.model(), exhausted.last().getMessage()));
  }

  /**
   * Checks that Ollama is reachable and has every model the settings name pulled, so a process can
   * fail at start with the fix rather than at its first book.
   *
   * @throws ModelException {@code MODEL_NOT_FOUND} naming each missing model and its {@code ollama
   *     pull} command, or {@code UNAVAILABLE} when Ollama cannot be reached
   */
  public void requireConfiguredModels() {
    requireModels(settings.models());
  }

  /**
   * Checks that Ollama is reachable and has every one of the models pulled.
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
    throw ModelException.of(
        ModelException.Kind.MODEL_NOT_FOUND,
        (missing.size() == 1 ? "model " : "models ")
            + names
            + (missing.size() == 1 ? " is" : " are")
            + " not available at "
            + host
            + "; run: "
            + pulls);
  }

  /** The names of the models Ollama has pulled, from {@code /api/tags}. */
  public List<String> pulledModels() {
    return calls.run(
        "(list)",
        attempt -> tags(http.get("/api/tags")),
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
    if (!ollama.keepAlive().isEmpty()) {
      generate.setKeepAlive(ollama.keepAlive());
    }
    generate.setOptions(options(request));
    try {
      return json.writeValueAsString(generate);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The request cannot be written as JSON: " + e, e);
    }
  }

  /** The call's options, in order of precedence (later wins), with its window and answer bound. */
  private Map<String, Object> options(ModelRequest request) {
    int answer =
        budget.requireFits(
            request, " (up to the model's context length: ollama show " + request.model() + ")");
    int prompt = ContextBudget.promptTokens(request);
    Map<String, Object> options = new LinkedHashMap<>(ollama.options());
    settings.temperature(request.role()).ifPresent(t -> options.put("temperature", t));
    options.putAll(request.options());
    if (!request.options().containsKey("num_ctx")) {
      options.put("num_ctx", window(request.model(), prompt + answer));
    }
    options.putIfAbsent("num_predict", answer);
    return options;
  }

  /** The window for a call: the fixed one, or its rung, never less than the model had before. */
  private int window(String model, int tokens) {
    int fixed = ollama.fixedContext();
    if (fixed > 0) {
      return fixed;
    }
    return windows.merge(OllamaModelNames.normalized(model), budget.window(tokens), Math::max);
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

  private ModelAnswer answer(String model, ModelHttp.Answer response) throws TransientFailure {
    if (response.status() == 200) {
      return OllamaAnswers.fromGenerate(json, model, response.body());
    }
    throw OllamaErrors.of(host, model, response);
  }

  private List<String> tags(ModelHttp.Answer response) throws TransientFailure {
    if (response.status() == 200) {
      return OllamaAnswers.modelNames(json, response.body());
    }
    throw OllamaErrors.of(host, "(list)", response);
  }
}
