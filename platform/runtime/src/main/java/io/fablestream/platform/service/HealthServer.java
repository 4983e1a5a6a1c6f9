package io.fablestream.platform.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fablestream.platform.config.HttpSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A standalone service's HTTP face: {@code /health/live}, {@code /health/ready} (200 only while
 * every runner is RUNNING) and {@code /metrics} in Prometheus text format. The all-in-one app
 * serves the same three paths from its API server.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving; port 0 picks a free port. */
  public static HealthServer start(
      HttpSettings http, Supplier<String> metrics, List<ServiceRunner> runners) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(http.bind(), http.port()), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/health/live",
        exchange -> respond(exchange, 200, "application/json", "{\"status\":\"UP\"}"));
    server.createContext(
        "/health/ready",
        exchange -> {
          Readiness readiness = Readiness.of(runners);
          respond(exchange, readiness.ready() ? 200 : 503, "application/json", readiness.json());
        });
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.start();
    return new HealthServer(server);
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /**
   * Whether a set of services is ready, and each one's Kafka Streams state.
   *
   * @param ready true when every service is RUNNING
   * @param states each service's state, by name
   */
  public record Readiness(boolean ready, Map<String, String> states) {
    /** The readiness of some runners. */
    public static Readiness of(List<ServiceRunner> runners) {
      Map<String, String> states = new TreeMap<>();
      boolean ready = !runners.isEmpty();
      for (ServiceRunner runner : runners) {
        states.putAll(runner.health());
        ready &= runner.ready();
      }
      return new Readiness(ready, states);
    }

    /** As JSON: {@code {"status":"UP","services":{"analyzer":"RUNNING"}}}. */
    public String json() {
      StringBuilder sb = new StringBuilder("{\"status\":\"").append(ready ? "UP" : "DOWN");
      sb.append("\",\"services\":{");
      String sep = "";
      for (Map.Entry<String, String> e : states.entrySet()) {
        sb.append(sep).append('"').append(e.getKey()).append("\":\"").append(e.getValue());
        sb.append('"');
        sep = ",";
      }
      return sb.append("}}").toString();
    }
  }
}
