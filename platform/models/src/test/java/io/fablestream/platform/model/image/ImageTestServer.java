package io.fablestream.platform.model.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.fablestream.platform.LoopbackHttp;
import io.fablestream.platform.model.LoopbackTestServer;
import io.fablestream.platform.model.LoopbackTestServer.Arrival;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What an image server's test double does whichever API it speaks: a loopback server that draws
 * real PNGs of the asked size ({@link TestPictures}, the same bytes for the same prompt and seed),
 * holds a few parallel slots ({@link #slots}, two unless set) where further drawings queue, takes
 * seconds a drawing ({@link #latency}, two unless set), logs every drawing it read ({@link
 * #drawings}), and fails on demand: the next calls ({@link #failNext}, {@link #stallNext}, {@link
 * #malformedNext}, {@link #notAPictureNext}), the n-th call ({@link #failCall}), or every drawing
 * whose prompt matches ({@link #failWhere}). Each API's server says how it reads a drawing and
 * writes its answers and errors.
 */
public abstract class ImageTestServer extends LoopbackTestServer<ImageTestServer, Drawing> {
  /** The JSON of both APIs. */
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** A request the API refuses, with its status and the error body's words. */
  protected static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    /** The HTTP status. */
    public final int status;

    /** The error's code or type, where the API has one, or null. */
    public final String code;

    public Refusal(int status, String message, String code) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private record NotAPictureFault() implements Fault {}

  private final IllustrationSettings.Provider provider;
  private final String basePath;
  private final Map<Integer, Fault> byCall = new ConcurrentHashMap<>();
  private volatile Predicate<String> failing = prompt -> false;
  private volatile StatusFault failingWith;

  /**
   * Starts the server on a free loopback port.
   *
   * @param what what the server plays, for the error when it cannot start
   * @param provider the provider illustrations.provider names for it
   * @param basePath the path of its base URL under the server's root
   */
  protected ImageTestServer(String what, IllustrationSettings.Provider provider, String basePath) {
    super(
        new Api<>(
            what, "application/json", Drawing::path, drawing -> "{\"images\": [\"iVBORw0KGgo"),
        2,
        Duration.ofSeconds(2));
    this.provider = provider;
    this.basePath = basePath;
  }

  /** The base URL illustrations.url names for this server. */
  public URI baseUrl() {
    return uri(basePath);
  }

  /** The provider illustrations.provider names for this server. */
  public IllustrationSettings.Provider provider() {
    return provider;
  }

  /**
   * Reads a request of this API: a drawing to make, or an answer of its own (a model list) sent
   * already and null returned.
   *
   * @throws Refusal when the API refuses it, with its own words
   */
  protected abstract Drawing read(HttpExchange exchange, String method, String path, JsonNode body)
      throws Refusal, IOException;

  /** The API's success answer carrying the picture. */
  protected abstract String answer(Drawing drawing, byte[] picture);

  /** The API's own error for a server failure (500). */
  protected abstract Refusal serverError();

  /**
   * Settings that draw with this server: its provider and URL, this model, size and key, the
   * watercolour style and a five-second timeout.
   */
  public IllustrationSettings settings(String model, int width, int height, String key) {
    return new IllustrationSettings(
        true,
        provider(),
        baseUrl(),
        model,
        width,
        height,
        key,
        "watercolour",
        Duration.ofSeconds(5));
  }

  /** How long each drawing takes once it holds a slot. */
  public ImageTestServer latency(Duration perDrawing) {
    return latency(drawing -> perDrawing);
  }

  /** The next n requests get the API's own HTTP 500. */
  public ImageTestServer failNext(int n) {
    Refusal e = serverError();
    return failNext(n, e.status, e.getMessage(), e.code);
  }

  /** The next n requests get this status and message in the API's error body. */
  public ImageTestServer failNext(int n, int status, String message) {
    return failNext(n, status, message, null);
  }

  /** The next n requests get this status, message and code in the API's error body. */
  public ImageTestServer failNext(int n, int status, String message, String code) {
    faults.next(n, new StatusFault(status, message, null, code, Map.of()));
    return this;
  }

  /** The n-th request to arrive (from 1) gets this status and message. */
  public ImageTestServer failCall(int nth, int status, String message) {
    byCall.put(nth, new StatusFault(status, message));
    return this;
  }

  /** Every drawing whose prompt matches gets this status and message, retries included. */
  public ImageTestServer failWhere(Predicate<String> prompt, int status, String message) {
    this.failingWith = new StatusFault(status, message);
    this.failing = prompt;
    return this;
  }

  /** The next n requests get the API's success answer with bytes that are no picture (HTML). */
  public ImageTestServer notAPictureNext(int n) {
    faults.next(n, new NotAPictureFault());
    return this;
  }

  /** Every drawing read, in order of arrival, faulted ones included. */
  public List<Drawing> drawings() {
    return requests();
  }

  @Override
  protected Drawing read(HttpExchange exchange, Arrival arrival) throws IOException {
    String method = arrival.method();
    String path = arrival.path();
    try {
      JsonNode body = null;
      if ("POST".equals(method)) {
        try {
          body = JSON.readTree(arrival.body());
        } catch (IOException e) {
          body = null;
        }
      }
      return read(exchange, method, path, body);
    } catch (Refusal e) {
      send(
          exchange,
          e.status,
          errorBody(new StatusFault(e.status, e.getMessage(), null, e.code, Map.of())));
      return null;
    }
  }

  @Override
  protected Fault faultFor(int call, Drawing drawing) {
    Fault fault = byCall.remove(call);
    if (fault == null) {
      fault = faults.poll();
    }
    if (fault == null && failing.test(drawing.prompt())) {
      fault = failingWith;
    }
    return fault;
  }

  @Override
  protected void serve(HttpExchange exchange, Drawing drawing, Fault fault, long start)
      throws IOException {
    boolean notAPicture = fault instanceof NotAPictureFault;
    inSlot(
        drawing,
        () -> {
          byte[] picture =
              notAPicture
                  ? "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8)
                  : TestPictures.png(
                      drawing.prompt(),
                      drawing.seed() == null ? 0 : drawing.seed(),
                      drawing.width(),
                      drawing.height());
          send(exchange, 200, answer(drawing, picture));
        });
  }

  /** Sends a JSON answer. */
  protected static void send(HttpExchange exchange, int status, String json) throws IOException {
    LoopbackHttp.send(exchange, status, "application/json", json);
  }

  /** Sends bytes with their content type. */
  protected static void sendBytes(HttpExchange exchange, String contentType, byte[] bytes)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
