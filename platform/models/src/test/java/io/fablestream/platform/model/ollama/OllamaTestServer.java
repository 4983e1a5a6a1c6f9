package io.fablestream.platform.model.ollama;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fablestream.platform.model.LoopbackTestServer.Arrival;
import io.fablestream.platform.model.ModelHabits;
import io.fablestream.platform.model.TextModelTestServer;
import io.fablestream.platform.model.TokenTable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP server on the loopback that answers as Ollama does, for tests: {@code POST /api/generate}
 * and {@code /api/chat} (streamed as NDJSON unless {@code "stream": false}), {@code GET /api/tags},
 * {@code GET /api/version}, {@code POST /api/embed} and {@code GET /}, with Ollama's JSON fields,
 * its {@code {"error": "..."}} body and its status codes (404 for a model that is not pulled, 400
 * for a request it cannot read, 404 text for an unknown path). As Ollama does, an answer stops at
 * the request's {@code options.num_predict} tokens with {@code done_reason: "length"}, and tokens
 * are charged by Llama 3's measured tokens per word for the book's language ({@link
 * ModelHabits#generate}, the habits it shares with the OpenAI-API test server).
 *
 * <p>What it answers is scripted ({@link #respondWith}, a function of the parsed request), how long
 * it takes is a function too ({@link #latency}), and faults can be queued for the next calls
 * ({@link #failNext}, {@link #stallNext}, {@link #malformedNext}). Every request is logged ({@link
 * #requests}). Requests are served concurrently, one virtual thread each, so a load simulator can
 * grow from a responder and a latency function that model slots and per-model speed: with {@link
 * #slots} n, generate and chat requests are served at most n at a time, as Ollama with {@code
 * OLLAMA_NUM_PARALLEL=n} does, the others waiting in a queue in the order they arrived, and each
 * one's latency is spent holding its slot.
 */
public final class OllamaTestServer
    extends TextModelTestServer<OllamaTestServer, ReceivedRequest, Reply> {
  /** The version {@code /api/version} reports. */
  public static final String VERSION = "0.12.6";

  private record StalledBodyFault(Duration delay) implements Fault {}

  private final Set<String> pulled = ConcurrentHashMap.newKeySet();
  private volatile int embeddingDimensions = 8;

  private OllamaTestServer() {
    super(
        new Api<>(
            "Ollama test server",
            OllamaWire.JSON_TYPE,
            ReceivedRequest::path,
            request -> "{\"model\":\"" + request.model() + "\",\"respon"));
  }

  /** Starts a server on a free loopback port with these models pulled. */
  public static OllamaTestServer start(String... pulledModels) {
    OllamaTestServer server = new OllamaTestServer();
    server.pull(pulledModels);
    return server;
  }

  /** The base URL, as OLLAMA_HOST would name it. */
  public URI uri() {
    return uri("");
  }

  /** The most generate and chat requests that were being answered at one time. */
  public int mostBusy() {
    return mostInFlight();
  }

  /** The length of the vectors {@code /api/embed} returns. */
  public OllamaTestServer embeddingDimensions(int dimensions) {
    this.embeddingDimensions = dimensions;
    return this;
  }

  /** Marks models as pulled: requests to them are answered. */
  public OllamaTestServer pull(String... models) {
    for (String m : models) {
      pulled.add(OllamaModelNames.normalized(m));
    }
    return this;
  }

  /** Removes a model: requests to it get 404, as after {@code ollama rm}. */
  public OllamaTestServer remove(String model) {
    pulled.remove(OllamaModelNames.normalized(model));
    return this;
  }

  /** The next n requests get HTTP 500 with an Ollama error body. */
  @Override
  public OllamaTestServer failNext(int n) {
    return failNext(n, 500, "an error was encountered while running the model");
  }

  /** The next n requests get this status and error message. */
  @Override
  public OllamaTestServer failNext(int n, int status, String message) {
    faults.next(n, new StatusFault(status, message));
    return this;
  }

  /**
   * The next n requests get their status and headers at once, then the body only after the delay:
   * the case a client's header timeout alone does not bound.
   */
  public OllamaTestServer stallBodyNext(int n, Duration delay) {
    faults.next(n, new StalledBodyFault(delay));
    return this;
  }

  @Override
  protected ReceivedRequest read(HttpExchange exchange, Arrival arrival) throws IOException {
    try {
      return OllamaWire.parse(arrival);
    } catch (OllamaWire.BadRequest e) {
      OllamaWire.sendJson(exchange, 400, OllamaWire.error(e.getMessage()));
      return null;
    }
  }

  @Override
  protected boolean generates(ReceivedRequest request) {
    return !request.path().equals("/api/embed");
  }

  @Override
  protected Reply reply(String text) {
    return Reply.text(text);
  }

  @Override
  protected String errorBody(StatusFault fault) {
    return OllamaWire.error(fault.message());
  }

  @Override
  protected void serve(HttpExchange exchange, ReceivedRequest request, Fault fault, long start)
      throws IOException {
    if (fault instanceof StalledBodyFault f) {
      try (OutputStream out = OllamaWire.startStream(exchange)) {
        out.flush();
        if (!http.pause(f.delay())) {
          route(exchange, request, start);
        }
      }
      return;
    }
    route(exchange, request, start);
  }

  private void route(HttpExchange exchange, ReceivedRequest request, long start)
      throws IOException {
    String route = request.method() + " " + request.path();
    switch (route) {
      case "GET /", "HEAD /" ->
          OllamaWire.send(exchange, 200, "text/plain; charset=utf-8", "Ollama is running");
      case "GET /api/version" ->
          OllamaWire.sendJson(exchange, 200, "{\"version\":\"" + VERSION + "\"}");
      case "GET /api/tags" -> OllamaWire.sendJson(exchange, 200, tags());
      case "POST /api/generate", "POST /api/chat", "POST /api/embed" ->
          model(exchange, request, start);
      default -> OllamaWire.send(exchange, 404, "text/plain", "404 page not found");
    }
  }

  private void model(HttpExchange exchange, ReceivedRequest request, long start)
      throws IOException {
    if (request.model() == null || request.model().isBlank()) {
      OllamaWire.sendJson(exchange, 400, OllamaWire.error("model is required"));
      return;
    }
    if (!pulled.contains(OllamaModelNames.normalized(request.model()))) {
      OllamaWire.sendJson(
          exchange,
          404,
          OllamaWire.error("model \"" + request.model() + "\" not found, try pulling it first"));
      return;
    }
    if (request.path().equals("/api/embed")) {
      if (!http.pause(latencyOf(request))) {
        embed(exchange, request, start);
      }
      return;
    }
    inSlot(request, () -> answer(exchange, request, start));
  }

  private void answer(HttpExchange exchange, ReceivedRequest request, long start)
      throws IOException {
    Reply reply = replyTo(request);
    if (reply.isError()) {
      OllamaWire.sendJson(exchange, reply.status(), OllamaWire.error(reply.error()));
      return;
    }
    boolean chat = request.path().equals("/api/chat");
    TokenTable table = tokenTable();
    // As Ollama does, generation stops at num_predict tokens, the JSON of a schema left open.
    ModelHabits.Generation generated =
        generate(
            table,
            request,
            reply.text(),
            reply.promptEvalCount(),
            reply.evalCount(),
            OllamaWire.numPredict(request.options()));
    String language = generated.language();
    int promptTokens = generated.promptTokens();
    String text = generated.cut().text();
    int outputTokens = generated.cut().tokens();
    String doneReason = generated.reason();
    long took = System.nanoTime() - start;
    long total = reply.totalDuration() != null ? reply.totalDuration().toNanos() : took;
    if (!request.stream()) {
      ObjectNode answer = OllamaWire.head(request.model());
      put(answer, chat, text);
      OllamaWire.finish(answer, doneReason, total, promptTokens, outputTokens);
      if (!chat) {
        answer.putArray("context").add(1).add(2).add(3);
      }
      OllamaWire.sendJson(exchange, 200, answer.toString());
      return;
    }
    try (OutputStream out = OllamaWire.startStream(exchange)) {
      for (String token : table.pieces(text, language)) {
        ObjectNode chunk = OllamaWire.head(request.model());
        put(chunk, chat, token);
        chunk.put("done", false);
        OllamaWire.line(out, chunk);
      }
      ObjectNode last = OllamaWire.head(request.model());
      put(last, chat, "");
      OllamaWire.finish(last, doneReason, total, promptTokens, outputTokens);
      OllamaWire.line(out, last);
    }
  }

  private static void put(ObjectNode node, boolean chat, String text) {
    if (chat) {
      node.set("message", OllamaWire.message(text));
    } else {
      node.put("response", text);
    }
  }

  private void embed(HttpExchange exchange, ReceivedRequest request, long start)
      throws IOException {
    List<float[]> vectors = new ArrayList<>();
    int tokens = 0;
    for (String text : request.input()) {
      vectors.add(vector(text, embeddingDimensions));
      tokens += OllamaWire.words(text);
    }
    OllamaWire.sendJson(
        exchange,
        200,
        OllamaWire.embeddings(request.model(), vectors, System.nanoTime() - start, tokens)
            .toString());
  }

  /** A unit vector that depends only on the text, so equal texts embed equally. */
  static float[] vector(String text, int dimensions) {
    java.util.Random random = new java.util.Random(text.hashCode());
    float[] v = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < dimensions; i++) {
      v[i] = (float) (v[i] / Math.sqrt(norm));
    }
    return v;
  }

  private String tags() {
    ObjectNode root = OllamaWire.JSON.createObjectNode();
    ArrayNode models = root.putArray("models");
    pulled.stream()
        .sorted()
        .forEach(
            name -> {
              ObjectNode model = models.addObject();
              model.put("name", name);
              model.put("model", name);
              model.put("modified_at", Instant.parse("2025-01-01T00:00:00Z").toString());
              model.put("size", 4_661_224_676L);
              model.put("digest", Integer.toHexString(name.hashCode()) + "0".repeat(56));
              ObjectNode details = model.putObject("details");
              details.put("parent_model", "");
              details.put("format", "gguf");
              details.put("family", "llama");
              details.putArray("families").add("llama");
              details.put("parameter_size", "8.0B");
              details.put("quantization_level", "Q4_K_M");
            });
    return root.toString();
  }

  /** The models pulled, with their tags. */
  public Set<String> pulledModels() {
    return Set.copyOf(pulled);
  }

  /** Counts of requests by path; for a quick look in a failing test. */
  public Map<String, Long> callsByPath() {
    return log.all().stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                ReceivedRequest::path, java.util.stream.Collectors.counting()));
  }
}
