package io.fablestream.platform.model.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.OpenAiSettings;
import io.fablestream.platform.model.http.ModelHttp;
import io.fablestream.platform.model.http.RetriedCalls;
import io.fablestream.platform.model.http.TransientFailure;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model gateway on the OpenAI API's {@code POST /chat/completions}, for vLLM, llama.cpp's
 * llama-server, LM Studio, OpenAI and any other server that speaks it.
 *
 * <p>A call is one user message (with the system prompt before it), the picture as a {@code data:}
 * URL image part, {@code max_tokens} bounding the answer to the words the request allows, and, when
 * the request wants JSON, {@code response_format} {@code json_schema} (not strict: OpenAI's strict
 * mode wants every schema closed). A server that refuses schemas, as some llama-server versions do,
 * is asked again at once with {@code json_object}, and that model is asked so from then on. A call
 * whose prompt and answer cannot fit {@code openai.max.context} is refused before it is sent.
 *
 * <p>Failures: 401 and 403 name the key setting, 404 the model setting, 429 is retried after the
 * longer of the backoff and the server's Retry-After (a spent quota is final), 5xx, 408, 409,
 * timeouts and a body that is not the API's JSON are retried; other 4xx are final. Usage is the
 * server's {@code usage.prompt_tokens} and {@code completion_tokens}; the model time is the time
 * the exchange took, as the API reports none. {@code finish_reason: "length"} marks the answer
 * {@link ModelAnswer#cutShort()}.
 *
 * <p>The JDK HTTP client, not the official openai-java SDK: the SDK's blocking call ignores an
 * interrupt until its timeout, drops the message of vLLM's older error body, and brings 37 MB of
 * Kotlin, OkHttp and a second HTTP client for one endpoint (see docs/models.md). Thread-safe.
 */
public final class OpenAiModelGateway implements ModelGateway {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiModelGateway.class);

  /** The options that mean the same in Ollama's names and the OpenAI API's. */
  private static final Set<String> SHARED_OPTIONS =
      Set.of("temperature", "top_p", "seed", "stop", "presence_penalty", "frequency_penalty");

  /** llama-server's owner of the one model it was started with, whatever name a call asks for. */
  private static final String LLAMA_SERVER_OWNER = "llamacpp";

  private final ModelSettings settings;
  private final OpenAiSettings openAi;
  private final String server;
  private final ModelHttp http;
  private final RetriedCalls calls;
  private final OpenAiErrors errors;
  private final ContextBudget budget;
  private final Set<String> refuseSchemas = ConcurrentHashMap.newKeySet();
  private final ObjectMapper json = new ObjectMapper();

  /** The response format a call asks for. */
  private enum Format {
    TEXT,
    JSON_SCHEMA,
    JSON_OBJECT
  }

  /**
   * A gateway to the server of the settings.
   *
   * @param registry where the retry counter goes; null for none
   */
  public OpenAiModelGateway(ModelSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.openAi = settings.openAi();
    this.server = ModelHttp.display(openAi.baseUrl());
    Map<String, String> headers = ModelHttp.bearer(openAi.apiKey());
    this.http =
        new ModelHttp(
            openAi.baseUrl(),
            "the model server",
            settings.requestTimeout(),
            headers,
            OpenAiSettings.API_KEY.name());
    this.calls = new RetriedCalls(server, settings.backoff(), registry);
    this.errors = new OpenAiErrors(server, openAi.apiKey());
    this.budget = new ContextBudget(openAi.maxContext(), OpenAiSettings.MAX_CONTEXT.name());
  }

  /** The server this gateway asks, as it may be shown (no credentials). */
  public String server() {
    return server;
  }

  @Override
  public ModelAnswer generate(ModelRequest request) {
    int answer = budget.requireFits(request, " if the model's window is larger");
    ConfigKey modelKey = modelKey(request);
    return calls.run(
        request.model(),
        attempt -> {
          Format format = format(request);
          long start = System.nanoTime();
          ModelHttp.Answer response = http.post("/chat/completions", body(request, answer, format));
          if (format == Format.JSON_SCHEMA && OpenAiErrors.refusesSchema(response)) {
            LOG.info(
                "{} refuses json_schema for model {}; asking it for json_object from now on",
                server,
                request.model());
            refuseSchemas.add(request.model());
            response = http.post("/chat/completions", body(request, answer, Format.JSON_OBJECT));
          }
          if (response.status() != 200) {
            throw errors.of(request.model(), modelKey, response);
          }
          return OpenAiAnswers.fromCompletion(
              json, request.model(), response.body(), (System.nanoTime() - start) / 1_000_000);
        },
        exhausted ->
            exhausted.unavailable(
                server, request.model(), errors.scrub(exhausted.last().getMessage())));
  }

  /**
   * Checks that the server answers and serves every model the settings name, so a process can fail
   * at start with the fix rather than at its first book.
   *
   * @throws ModelException {@code MODEL_NOT_FOUND} naming each missing model, the setting that
   *     names it and the models the server does serve; {@code REJECTED} for a refused key or a base
   *     URL with no API behind it; {@code UNAVAILABLE} when the server cannot be reached
   */
  public void requireConfiguredModels() {
    List<ServedModel> served = servedModels();
    if (ServedModel.answersAnyName(served)) {
      return;
    }
    List<String> ids = served.stream().map(ServedModel::id).toList();
    List<String> missing = new ArrayList<>();
    for (ModelRole role : ModelRole.values()) {
      String model = settings.model(role);
      // An empty model.judge means the text model: the text model's entry speaks for it.
      boolean sameAsText = role == ModelRole.JUDGE && model.equals(settings.textModel());
      if (!ids.contains(model) && !sameAsText) {
        ConfigKey key = ModelSettings.modelKey(role);
        missing.add(model + " (" + key.name() + ", environment " + key.envName() + ")");
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    throw ModelException.of(
        ModelException.Kind.MODEL_NOT_FOUND,
        (missing.size() == 1 ? "model " : "models ")
            + String.join(", ", missing)
            + (missing.size() == 1 ? " is" : " are")
            + " not served at "
            + server
            + "; it serves: "
            + (ids.isEmpty() ? "(none)" : String.join(", ", ids))
            + ". Set each setting to a model it serves, or start the server with the model"
            + " (vllm serve MODEL --served-model-name NAME; llama-server -m FILE.gguf --alias"
            + " NAME).");
  }

  /** A model the server lists: its id and its owner ({@code llamacpp}, {@code vllm}, ...). */
  public record ServedModel(String id, String ownedBy) {
    /**
     * Whether the listing is llama-server's, which serves the one model it was started with
     * whatever name a call gives: one model, owned by {@code llamacpp}.
     */
    static boolean answersAnyName(List<ServedModel> served) {
      return served.size() == 1 && LLAMA_SERVER_OWNER.equals(served.get(0).ownedBy());
    }
  }

  /** The models the server serves, from {@code GET /models}. */
  public List<ServedModel> servedModels() {
    return calls.run(
        "(list)",
        attempt -> {
          ModelHttp.Answer response = http.get("/models");
          if (response.status() == 200) {
            return OpenAiAnswers.models(json, response.body());
          }
          if (OpenAiErrors.transientList(response)) {
            throw new TransientFailure(
                TransientFailure.Reason.SERVER_ERROR,
                "HTTP " + response.status() + ": " + OpenAiError.of(response.body()).message(),
                null,
                OpenAiErrors.retryAfter(response).orElse(java.time.Duration.ZERO));
          }
          throw errors.ofList(response);
        },
        exhausted ->
            new ModelException(
                ModelException.Kind.UNAVAILABLE,
                "no OpenAI-compatible server answers at "
                    + server
                    + " ("
                    + errors.scrub(exhausted.last().getMessage())
                    + "): start it (vllm serve MODEL, llama-server -m FILE.gguf) or set "
                    + OpenAiSettings.BASE_URL.name()
                    + " ("
                    + OpenAiSettings.BASE_URL.envName()
                    + ").",
                exhausted.attempts(),
                exhausted.last()));
  }

  private ConfigKey modelKey(ModelRequest request) {
    return ModelSettings.modelKey(request.role());
  }

  private Format format(ModelRequest request) {
    if (request.jsonSchema() == null) {
      return Format.TEXT;
    }
    if (request.jsonSchema().strip().equals("json") || refuseSchemas.contains(request.model())) {
      return Format.JSON_OBJECT;
    }
    return Format.JSON_SCHEMA;
  }

  private String body(ModelRequest request, int maxTokens, Format format) {
    ObjectNode body = json.createObjectNode();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    if (request.system() != null) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    ObjectNode user = messages.addObject().put("role", "user");
    if (request.images().isEmpty()) {
      user.put("content", request.prompt());
    } else {
      ArrayNode parts = user.putArray("content");
      parts.addObject().put("type", "text").put("text", request.prompt());
      for (byte[] image : request.images()) {
        parts
            .addObject()
            .put("type", "image_url")
            .putObject("image_url")
            .put("url", dataUrl(image));
      }
    }
    Map<String, Object> options = new LinkedHashMap<>();
    settings.temperature(request.role()).ifPresent(t -> options.put("temperature", t));
    request
        .options()
        .forEach(
            (name, value) -> {
              if (SHARED_OPTIONS.contains(name)) {
                options.put(name, value);
              } else if (name.equals("num_predict")) {
                options.put("max_tokens", value);
              }
            });
    options.putIfAbsent("max_tokens", maxTokens);
    options.forEach((name, value) -> body.set(name, json.valueToTree(value)));
    body.put("stream", false);
    switch (format) {
      case JSON_SCHEMA -> {
        ObjectNode schema = body.putObject("response_format").put("type", "json_schema");
        schema
            .putObject("json_schema")
            .put("name", "answer")
            .put("strict", false)
            .set("schema", schema(request.jsonSchema()));
      }
      case JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
      case TEXT -> {}
    }
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The request cannot be written as JSON: " + e, e);
    }
  }

  private JsonNode schema(String schema) {
    try {
      JsonNode node = json.readTree(schema);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("The JSON schema of a model request is not an object");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "The JSON schema of a model request is not a JSON object: " + e.getMessage(), e);
    }
  }

  /** The picture as a {@code data:} URL, its type read from its first bytes. */
  static String dataUrl(byte[] image) {
    String type = "image/png";
    if (image.length >= 3
        && (image[0] & 0xff) == 0xFF
        && (image[1] & 0xff) == 0xD8
        && (image[2] & 0xff) == 0xFF) {
      type = "image/jpeg";
    } else if (image.length >= 4
        && image[0] == 'R'
        && image[1] == 'I'
        && image[2] == 'F'
        && image[3] == 'F') {
      type = "image/webp";
    } else if (image.length >= 3 && image[0] == 'G' && image[1] == 'I' && image[2] == 'F') {
      type = "image/gif";
    }
    return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(image);
  }
}
