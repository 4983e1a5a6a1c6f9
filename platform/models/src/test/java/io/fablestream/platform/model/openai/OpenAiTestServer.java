package io.fablestream.platform.model.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fablestream.platform.model.LoopbackTestServer.Arrival;
import io.fablestream.platform.model.ModelHabits;
import io.fablestream.platform.model.TextModelTestServer;
import io.fablestream.platform.model.TokenTable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on the loopback that answers as an OpenAI-compatible server does (OpenAI, vLLM,
 * llama-server), for tests: {@code POST /v1/chat/completions} ({@code chat.completion} objects, or
 * {@code chat.completion.chunk} server-sent events ending in {@code data: [DONE]} when {@code
 * "stream": true}), {@code GET /v1/models} and {@code GET /v1/models/{id}}, with the API's error
 * bodies {@code {"error": {"message", "type", "param", "code"}}} and statuses: 400 for a request
 * the API refuses (its own messages), 401 for a missing or wrong key, 404 for a model it does not
 * serve and for an unknown URL.
 *
 * <p>As the servers do, an answer stops at {@code max_tokens} (or {@code max_completion_tokens})
 * with {@code finish_reason: "length"}; tokens are charged by Llama 3's measured tokens per word
 * for the book's language ({@link ModelHabits#generate}, the habits it shares with the Ollama test
 * server), an image 85 prompt tokens (OpenAI's low-detail price). A server holds a few parallel
 * slots ({@link #slots}): further requests queue for one, as vLLM and llama-server queue them. What
 * it answers is scripted ({@link #respondWith}), how long it takes is a function ({@link
 * #latency}), and faults can be queued for the next calls ({@link #failNext}, {@link
 * #rateLimitNext}, {@link #stallNext}, {@link #malformedNext}), or set for good ({@link
 * #refuseJsonSchema}, as llama-server before its {@code json_schema} support). Every request is
 * logged ({@link #requests}).
 */
public final class OpenAiTestServer
    extends TextModelTestServer<OpenAiTestServer, OpenAiRequest, OpenAiReply> {
  /** The message llama-server answered a {@code json_schema} response format with. */
  public static final String SCHEMA_REFUSAL =
      "response_format type must be one of \"text\" or \"json_object\", but got: json_schema";

  /** The message vLLM's xgrammar backend answered a schema it could not compile with. */
  public static final String XGRAMMAR_REFUSAL =
      "The provided JSON schema contains features not supported by xgrammar.";

  private final Set<String> models = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private volatile String apiKey;
  private volatile String ownedBy = "openai";
  private volatile boolean refuseJsonSchema;
  private volatile boolean refuseItemCounts;

  private OpenAiTestServer() {
    super(
        new Api<>(
            "OpenAI-API test server",
            OpenAiWire.JSON_TYPE,
            OpenAiRequest::path,
            request -> "{\"id\":\"chatcmpl-x\",\"object\":\"chat.compl"));
  }

  /** Starts a server on a free loopback port serving these models. */
  public static OpenAiTestServer start(String... servedModels) {
    OpenAiTestServer server = new OpenAiTestServer();
    server.serve(servedModels);
    return server;
  }

  /** The API's base URL, as OPENAI_BASE_URL would name it: {@code http://127.0.0.1:PORT/v1}. */
  public URI baseUrl() {
    return uri("/v1");
  }

  /** Every request must carry {@code Authorization: Bearer key}, as OpenAI's do. */
  public OpenAiTestServer requireApiKey(String key) {
    this.apiKey = key;
    return this;
  }

  /** The {@code owned_by} of the listed models: {@code llamacpp} as llama-server, {@code vllm}. */
  public OpenAiTestServer ownedBy(String owner) {
    this.ownedBy = owner;
    return this;
  }

  /** Serves these models too. */
  public OpenAiTestServer serve(String... served) {
    models.addAll(List.of(served));
    return this;
  }

  /** Stops serving a model: requests to it get 404. */
  public OpenAiTestServer remove(String model) {
    models.remove(model);
    return this;
  }

  /**
   * Refuses {@code response_format} {@code json_schema} with a 500 and {@link #SCHEMA_REFUSAL}, as
   * llama-server did before it read schemas; {@code json_object} still works.
   */
  public OpenAiTestServer refuseJsonSchema() {
    this.refuseJsonSchema = true;
    return this;
  }

  /**
   * Refuses a {@code json_schema} that bounds an array ({@code minItems}, {@code maxItems}) with a
   * 400 and {@link #XGRAMMAR_REFUSAL}, as vLLM 0.8.4's xgrammar backend did (vllm #16880); a schema
   * without them, and {@code json_object}, still work.
   */
  public OpenAiTestServer refuseItemCounts() {
    this.refuseItemCounts = true;
    return this;
  }

  /** The next n requests get HTTP 500 with the API's server error. */
  @Override
  public OpenAiTestServer failNext(int n) {
    return failNext(
        n,
        500,
        "server_error",
        null,
        "The server had an error while processing your request. Sorry about that!");
  }

  /**
   * The next n requests get this status and message, typed as the API types it: {@code
   * server_error} from 500 up, {@code invalid_request_error} below.
   */
  @Override
  public OpenAiTestServer failNext(int n, int status, String message) {
    return failNext(
        n, status, status >= 500 ? "server_error" : "invalid_request_error", null, message);
  }

  /** The next n requests get this status and error. */
  public OpenAiTestServer failNext(int n, int status, String type, String code, String message) {
    faults.next(n, new StatusFault(status, message, type, code, Map.of()));
    return this;
  }

  /** The next n requests get 429 {@code rate_limit_exceeded} with this Retry-After, in seconds. */
  public OpenAiTestServer rateLimitNext(int n, int retryAfterSeconds) {
    faults.next(
        n,
        new StatusFault(
            429,
            "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1."
                + " Please try again in "
                + retryAfterSeconds
                + "s.",
            "requests",
            "rate_limit_exceeded",
            Map.of("retry-after", Integer.toString(retryAfterSeconds))));
    return this;
  }

  @Override
  protected OpenAiRequest read(HttpExchange exchange, Arrival arrival) throws IOException {
    try {
      return OpenAiWire.parse(arrival);
    } catch (OpenAiWire.ApiError e) {
      sendError(exchange, e);
      return null;
    }
  }

  @Override
  protected boolean generates(OpenAiRequest request) {
    return request.path().equals("/v1/chat/completions");
  }

  @Override
  protected OpenAiReply reply(String text) {
    return OpenAiReply.text(text);
  }

  @Override
  protected String errorBody(StatusFault fault) {
    return OpenAiWire.error(fault.message(), fault.type(), null, fault.code());
  }

  @Override
  protected void serve(HttpExchange exchange, OpenAiRequest request, Fault fault, long start)
      throws IOException {
    route(exchange, request);
  }

  @Override
  protected boolean admitted(HttpExchange exchange, OpenAiRequest request) throws IOException {
    String key = apiKey;
    if (key == null) {
      return true;
    }
    String auth = request.header("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      OpenAiWire.sendJson(
          exchange,
          401,
          OpenAiWire.error(
              "You didn't provide an API key. You need to provide your API key in an"
                  + " Authorization header using Bearer auth (i.e. Authorization: Bearer"
                  + " YOUR_KEY).",
              "invalid_request_error",
              null,
              null));
      return false;
    }
    String given = auth.substring("Bearer ".length());
    if (!given.equals(key)) {
      // OpenAI quotes the start and the end of the wrong key.
      String shown =
          given.length() > 8
              ? given.substring(0, 3)
                  + "*".repeat(given.length() - 7)
                  + given.substring(given.length() - 4)
              : given;
      OpenAiWire.sendJson(
          exchange,
          401,
          OpenAiWire.error(
              "Incorrect API key provided: "
                  + shown
                  + ". You can find your API key at https://platform.openai.com/account/api-keys.",
              "invalid_request_error",
              null,
              "invalid_api_key"));
      return false;
    }
    return true;
  }

  private void route(HttpExchange exchange, OpenAiRequest request) throws IOException {
    String route = request.method() + " " + request.path();
    if (route.equals("GET /v1/models")) {
      OpenAiWire.sendJson(exchange, 200, OpenAiWire.modelList(models, ownedBy));
    } else if (request.method().equals("GET") && request.path().startsWith("/v1/models/")) {
      String id = request.path().substring("/v1/models/".length());
      if (models.contains(id)) {
        OpenAiWire.sendJson(exchange, 200, OpenAiWire.model(id, ownedBy).toString());
      } else {
        notServed(exchange, id);
      }
    } else if (route.equals("POST /v1/chat/completions")) {
      complete(exchange, request);
    } else {
      OpenAiWire.sendJson(
          exchange,
          404,
          OpenAiWire.error("Invalid URL (" + route + ")", "invalid_request_error", null, null));
    }
  }

  private void complete(HttpExchange exchange, OpenAiRequest request) throws IOException {
    try {
      OpenAiWire.check(request);
    } catch (OpenAiWire.ApiError e) {
      sendError(exchange, e);
      return;
    }
    if (!models.contains(request.model()) && !answersAnyName()) {
      notServed(exchange, request.model());
      return;
    }
    if (refuseJsonSchema && "json_schema".equals(request.responseFormatType())) {
      // llama-server's own shape: the code is the status, as a number.
      ObjectNode root = OpenAiWire.JSON.createObjectNode();
      ObjectNode error = root.putObject("error");
      error.put("code", 500);
      error.put("message", SCHEMA_REFUSAL);
      error.put("type", "server_error");
      OpenAiWire.sendJson(exchange, 500, root.toString());
      return;
    }
    if (refuseItemCounts
        && "json_schema".equals(request.responseFormatType())
        && (request.json().toString().contains("\"minItems\"")
            || request.json().toString().contains("\"maxItems\""))) {
      // vLLM's shape: an OpenAI error object with the status as its code.
      OpenAiWire.sendJson(
          exchange, 400, OpenAiWire.error(XGRAMMAR_REFUSAL, "BadRequestError", null, "400"));
      return;
    }
    inSlot(request, () -> answer(exchange, request, replyTo(request)));
  }

  private void answer(HttpExchange exchange, OpenAiRequest request, OpenAiReply reply)
      throws IOException {
    if (reply.isError()) {
      OpenAiWire.sendJson(
          exchange,
          reply.status(),
          OpenAiWire.error(reply.error(), reply.type(), null, reply.code()));
      return;
    }
    TokenTable table = tokenTable();
    // As the servers do, generation stops at max_tokens, the JSON of a schema left open.
    Integer max = request.maxTokens();
    ModelHabits.Generation generated =
        generate(
            table,
            request,
            reply.text(),
            reply.promptTokens(),
            reply.completionTokens(),
            max == null ? -1 : max);
    String language = generated.language();
    int promptTokens =
        generated.promptTokens()
            + (reply.promptTokens() != null ? 0 : 85 * request.images().size());
    String text = generated.cut().text();
    int output = generated.cut().tokens();
    String finish = generated.reason();
    String id = "chatcmpl-" + ids.incrementAndGet();
    long created = System.currentTimeMillis() / 1000;
    if (!request.stream()) {
      OpenAiWire.sendJson(
          exchange,
          200,
          OpenAiWire.completion(id, created, request.model(), text, finish, promptTokens, output)
              .toString());
      return;
    }
    try (OutputStream out = OpenAiWire.startEvents(exchange)) {
      OpenAiWire.event(
          out, OpenAiWire.chunk(id, created, request.model(), "assistant", "", null).toString());
      for (String token : table.pieces(text, language)) {
        OpenAiWire.event(
            out, OpenAiWire.chunk(id, created, request.model(), null, token, null).toString());
      }
      OpenAiWire.event(
          out, OpenAiWire.chunk(id, created, request.model(), null, null, finish).toString());
      if (request.json().path("stream_options").path("include_usage").asBoolean(false)) {
        ObjectNode usage = OpenAiWire.chunk(id, created, request.model(), null, null, null);
        usage.putArray("choices");
        usage.set("usage", OpenAiWire.usage(promptTokens, output));
        OpenAiWire.event(out, usage.toString());
      }
      OpenAiWire.event(out, "[DONE]");
    }
  }

  /** llama-server runs the one model it was started with, whatever name a call gives it. */
  private boolean answersAnyName() {
    return "llamacpp".equals(ownedBy) && models.size() == 1;
  }

  private static void notServed(HttpExchange exchange, String model) throws IOException {
    OpenAiWire.sendJson(
        exchange,
        404,
        OpenAiWire.error(
            "The model `" + model + "` does not exist or you do not have access to it.",
            "invalid_request_error",
            null,
            "model_not_found"));
  }

  private static void sendError(HttpExchange exchange, OpenAiWire.ApiError e) throws IOException {
    OpenAiWire.sendJson(
        exchange, e.status, OpenAiWire.error(e.getMessage(), e.type, e.param, e.code));
  }
}
