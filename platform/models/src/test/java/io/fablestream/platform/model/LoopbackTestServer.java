package io.fablestream.platform.model;

import com.sun.net.httpserver.HttpExchange;
import io.fablestream.platform.LoopbackHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What the model servers' test doubles do the same whichever API they speak (Ollama's, the OpenAI
 * API's chat and images, Automatic1111's): a loopback server that counts every request that
 * arrives, logs every one it could read, serves the faults queued for the next requests (a stall, a
 * body cut off mid-object, or a fault of the API's own), and answers holding one of a few parallel
 * slots where further requests queue, after a scripted latency. Each API's server says how it reads
 * a request, answers it and writes its errors.
 *
 * @param <S> the server's own type, which its setters return
 * @param <R> the server's reading of a request
 */
public abstract class LoopbackTestServer<S extends LoopbackTestServer<S, R>, R>
    implements AutoCloseable {
  /** A fault the server applies to one coming request instead of (or before) its answer. */
  protected interface Fault {}

  /** The request waits this long before its answer. */
  protected record StallFault(Duration delay) implements Fault {}

  /**
   * The request gets this status and message in the API's error body.
   *
   * @param type the error's type, where the API has one, or null
   * @param code the error's code, where the API has one, or null
   * @param headers headers the answer carries (a Retry-After)
   */
  public record StatusFault(
      int status, String message, String type, String code, Map<String, String> headers)
      implements Fault {
    /** This status and message, with no type, code or headers. */
    public StatusFault(int status, String message) {
      this(status, message, null, null, Map.of());
    }
  }

  /** The request gets HTTP 200 with a body that is not JSON. */
  protected record MalformedFault() implements Fault {}

  /**
   * A request as it arrived, before the API reads it.
   *
   * @param method the HTTP method
   * @param path the URL path
   * @param headers the headers, by lowercase name (first value)
   * @param body the body as text
   */
  public record Arrival(String method, String path, Map<String, String> headers, String body) {}

  /** A request as an API read it, with what it was as it arrived. */
  public interface Arrived {
    /** The request as it arrived. */
    Arrival arrival();

    /** The HTTP method. */
    default String method() {
      return arrival().method();
    }

    /** The URL path. */
    default String path() {
      return arrival().path();
    }

    /** The headers, by lowercase name (first value). */
    default Map<String, String> headers() {
      return arrival().headers();
    }

    /** The raw body. */
    default String body() {
      return arrival().body();
    }

    /** The header of that (case-insensitive) name, or null. */
    default String header(String name) {
      return headers().get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * What a server's API is, as the shared loop needs it.
   *
   * @param what what the server plays, for the error when it cannot start
   * @param jsonType the content type of the API's JSON answers
   * @param pathOf the URL path of a request
   * @param malformed the API's body of HTTP 200 cut off mid-object, for a malformed answer
   * @param <R> the server's reading of a request
   */
  public record Api<R>(
      String what, String jsonType, Function<R, String> pathOf, Function<R, String> malformed) {}

  /** An answer to send once the request holds a slot. */
  @FunctionalInterface
  protected interface Answer {
    void send() throws IOException;
  }

  /** The HTTP server, for its URIs and for waits that end when it closes. */
  protected final LoopbackHttp http;

  /** The faults queued for the next requests. */
  protected final FaultQueue<Fault> faults = new FaultQueue<>();

  /** What the server received. */
  protected final RequestLog<R> log;

  private final Api<R> api;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private volatile Semaphore slots;
  private volatile Function<R, Duration> latency;

  /**
   * Starts the server on a free loopback port.
   *
   * @param api what the server's API is
   * @param slots how many answers run at once until {@link #slots} says otherwise
   * @param latency how long each answer takes until {@link #latency} says otherwise
   */
  protected LoopbackTestServer(Api<R> api, int slots, Duration latency) {
    this.api = api;
    this.log = new RequestLog<>(api.pathOf());
    this.slots = new Semaphore(slots, true);
    this.latency = request -> latency;
    this.http = LoopbackHttp.start(api.what(), this::handle);
  }

  /**
   * Reads a request of this API, or answers it at once (a refusal, a listing) and returns null:
   * such requests are counted but not logged.
   */
  protected abstract R read(HttpExchange exchange, Arrival arrival) throws IOException;

  /**
   * Whether a logged request may be served; when not, the API's refusal is sent already. Faults are
   * not spent on refused requests.
   */
  protected boolean admitted(HttpExchange exchange, R request) throws IOException {
    return true;
  }

  /** The fault for the request that arrived as the call-th (from 1), or null for none. */
  protected Fault faultFor(int call, R request) {
    return faults.poll();
  }

  /** The API's error body for a status fault. */
  protected abstract String errorBody(StatusFault fault);

  /** Sends a JSON answer with the API's content type. */
  protected void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    LoopbackHttp.send(exchange, status, api.jsonType(), json);
  }

  /**
   * Answers a request: with none of the faults stall, status and malformed (a stall has been waited
   * out), so null or a fault of the API's own.
   *
   * @param start when the request arrived, from {@link System#nanoTime}
   */
  protected abstract void serve(HttpExchange exchange, R request, Fault fault, long start)
      throws IOException;

  /** An URI under this server. */
  protected URI uri(String path) {
    return http.uri(path);
  }

  /** The server's own type, for the setters to return. */
  @SuppressWarnings("unchecked")
  protected final S self() {
    return (S) this;
  }

  /** How long each request takes once it holds a slot, before its answer starts. */
  public S latency(Function<R, Duration> latencyOfRequest) {
    this.latency = latencyOfRequest;
    return self();
  }

  /** How long the request takes before its answer starts. */
  protected Duration latencyOf(R request) {
    return latency.apply(request);
  }

  /** At most n answers run at once; the others wait for a slot in the order they arrived. */
  public S slots(int n) {
    this.slots = new Semaphore(n, true);
    return self();
  }

  /** The next n requests wait this long before their answer (longer than a client's timeout). */
  public S stallNext(int n, Duration delay) {
    faults.next(n, new StallFault(delay));
    return self();
  }

  /** The next n requests get HTTP 200 with a body that is not JSON (cut off mid-object). */
  public S malformedNext(int n) {
    faults.next(n, new MalformedFault());
    return self();
  }

  /** Every request read, in order of arrival, faulted ones included. */
  public List<R> requests() {
    return log.all();
  }

  /** The requests read on one path. */
  public List<R> requests(String path) {
    return log.on(path);
  }

  /** How many requests arrived, refused and faulted ones included. */
  public int calls() {
    return log.arrivals();
  }

  /** The most answers that ran at once. */
  public int mostInFlight() {
    return mostInFlight.get();
  }

  @Override
  public void close() {
    http.close();
  }

  /**
   * Sends the answer holding a slot, after the request's latency; sends nothing when the server
   * closes first.
   */
  protected void inSlot(R request, Answer answer) throws IOException {
    Semaphore pool = slots;
    try {
      pool.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      if (http.pause(latencyOf(request))) {
        return;
      }
      answer.send();
    } finally {
      inFlight.decrementAndGet();
      pool.release();
    }
  }

  /** Starts a chunked HTTP 200 answer of this content type, for a stream of tokens. */
  public static OutputStream startChunks(HttpExchange exchange, String contentType)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  /** Writes one piece of a stream and flushes it, as the servers send each token. */
  public static void writeFlushed(OutputStream out, String piece) throws IOException {
    out.write(piece.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      log.arrived();
      int call = log.arrivals();
      R request =
          read(
              exchange,
              new Arrival(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  LoopbackHttp.headers(exchange),
                  body));
      if (request == null) {
        return;
      }
      log.add(request);
      if (!admitted(exchange, request)) {
        return;
      }
      Fault fault = faultFor(call, request);
      if (fault instanceof StatusFault f) {
        f.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        sendJson(exchange, f.status(), errorBody(f));
        return;
      }
      if (fault instanceof MalformedFault) {
        sendJson(exchange, 200, api.malformed().apply(request));
        return;
      }
      if (fault instanceof StallFault f) {
        if (http.pause(f.delay())) {
          return;
        }
        fault = null;
      }
      serve(exchange, request, fault, start);
    } catch (IOException e) {
      // The client went away (its timeout ran out): nothing is left to answer.
    }
  }
}
