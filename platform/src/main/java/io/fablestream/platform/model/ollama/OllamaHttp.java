package io.fablestream.platform.model.ollama;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side of talking to Ollama: one shared JDK client, the configured headers on every
 * request, and a bound on every call. It answers with the status and body as they came, so the
 * caller can tell a missing model (404) from a rejected request (400) and a failing server (5xx).
 *
 * <p>ollama4j 1.1.6's own endpoint caller cannot be used for this: it throws {@code
 * OllamaException} with only the error text (the status code is dropped), takes its timeout in
 * whole seconds, sends no header but {@code Authorization}, and opens a new client per call.
 */
final class OllamaHttp {
  /** A response as it came: the status and the body text. */
  record Answer(int status, String body) {}

  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI host;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final HttpClient client;

  OllamaHttp(URI host, Duration timeout, Map<String, String> headers) {
    this.host = host;
    this.timeout = timeout;
    this.headers = Map.copyOf(headers);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(
                timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
            .build();
    // Fail at start, not at the first call, on a header the JDK client will not send (Host,
    // Connection, Content-Length...). The value is not shown: it may be a secret.
    for (String name : this.headers.keySet()) {
      try {
        HttpRequest.newBuilder(host).header(name, "x");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "The header " + name + " in ollama.headers cannot be set by a client", e);
      }
    }
  }

  /** POSTs a JSON body to a path such as {@code /api/generate}. */
  Answer post(String path, String json) throws TransientFailure, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  /** GETs a path such as {@code /api/tags}. */
  Answer get(String path) throws TransientFailure, InterruptedException {
    return send(request(path).GET());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint(path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("User-Agent", "fablestream");
    headers.forEach(builder::header);
    return builder;
  }

  private Answer send(HttpRequest.Builder request) throws TransientFailure, InterruptedException {
    // The request's own timeout ends when the headers arrive; a body that stalls after them
    // (a streaming proxy) is bounded by waiting on the whole exchange as well.
    CompletableFuture<HttpResponse<String>> exchange =
        client.sendAsync(
            request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Answer(response.statusCode(), response.body());
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw timedOut(e);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(cause);
      }
      if (cause instanceof ConnectException) {
        throw new TransientFailure(
            TransientFailure.Reason.CONNECTION,
            "connection refused (is Ollama running at " + display(host) + "?)",
            cause);
      }
      throw new TransientFailure(TransientFailure.Reason.CONNECTION, String.valueOf(cause), cause);
    }
  }

  private TransientFailure timedOut(Throwable cause) {
    return new TransientFailure(
        TransientFailure.Reason.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", cause);
  }

  private URI endpoint(String path) {
    String base = host.toString();
    // OLLAMA_HOST may end with a slash or carry a path prefix (a proxy); keep the prefix.
    return URI.create(
        base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
  }

  /** The host as it may be shown to a person: without user info, which may be a credential. */
  static String display(URI host) {
    if (host.getUserInfo() == null) {
      return host.toString();
    }
    try {
      return new URI(
              host.getScheme(), null, host.getHost(), host.getPort(), host.getPath(), null, null)
          .toString();
    } catch (java.net.URISyntaxException e) {
      return host.getScheme() + "://" + host.getHost();
    }
  }
}
