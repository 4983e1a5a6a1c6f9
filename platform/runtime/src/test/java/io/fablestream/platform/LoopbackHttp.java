package io.fablestream.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP plumbing the model servers' test doubles share: a server on a free loopback port with a
 * virtual thread per request, waits that end early when it closes, and a request's headers as the
 * logs keep them. What each API answers stays in its own server.
 */
public final class LoopbackHttp implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch closed = new CountDownLatch(1);

  private LoopbackHttp(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves every path with the handler on a free loopback port.
   *
   * @param what what the server plays, for the error when it cannot start
   */
  public static LoopbackHttp start(String what, HttpHandler handler) {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      LoopbackHttp loopback = new LoopbackHttp(http);
      http.setExecutor(loopback.executor);
      http.createContext("/", handler);
      http.start();
      return loopback;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + what, e);
    }
  }

  /** {@code http://HOST:PORT} followed by the path. */
  public URI uri(String path) {
    return URI.create(
        "http://"
            + server.getAddress().getHostString()
            + ":"
            + server.getAddress().getPort()
            + path);
  }

  /** Whether the server has been closed. */
  public boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** Waits, or stops early when the server closes; true when it closed. */
  public boolean pause(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return false;
    }
    try {
      return closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** The request's headers, names in lower case, the first value of each. */
  public static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
              }
            });
    return headers;
  }

  /** Sends a text answer with its content type; an empty one with no body at all. */
  public static void send(HttpExchange exchange, int status, String contentType, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
