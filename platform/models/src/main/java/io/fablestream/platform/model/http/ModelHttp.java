package io.fablestream.platform.model.http;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
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
import java.util.function.Function;

/**
 * The HTTP side of talking to a model server: one shared JDK client, the configured headers on
 * every request, and a bound on every exchange, the body included. It answers with the status,
 * headers and body as they came, so the caller can tell a missing model (404) from a rejected
 * request (400) and a failing server (5xx). An interrupt (a shutdown) ends the exchange at once.
 *
 * <p>Shared by the Ollama and the OpenAI-API gateways; not for use outside them.
 */
public final class ModelHttp {
  /** A response as it came: the status, the headers and the body text. */
  public record Answer(int status, HttpHeaders headers, String body) {
    /** A response without headers worth reading. */
    public Answer(int status, String body) {
      this(status, HttpHeaders.of(Map.of(), (a, b) -> true), body);
    }
  }

  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final String serverName;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final HttpClient client;

  /**
   * A client of the server at {@code base}.
   *
   * @param serverName how messages name the server ({@code Ollama})
   * @param headers sent on every request; never shown
   * @param headersSetting the setting the headers come from, for the message on a bad one
   */
  public ModelHttp(
      URI base,
      String serverName,
      Duration timeout,
      Map<String, String> headers,
      String headersSetting) {
    this.base = base;
    this.serverName = serverName;
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
        HttpRequest.newBuilder(base).header(name, "x");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "The header " + name + " in " + headersSetting + " cannot be set by a client", e);
      }
    }
  }

  /** The header that sends an API key as a bearer token; none for an empty key. */
  public static Map<String, String> bearer(String apiKey) {
    return apiKey.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
  }

  /** POSTs a JSON body to a path under the base, such as {@code /api/generate}. */
  public Answer post(String path, String json) throws TransientFailure, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  /** GETs a path under the base, such as {@code /api/tags}. */
  public Answer get(String path) throws TransientFailure, InterruptedException {
    return send(request(path).GET());
  }

  /** The bytes of a response, as they came, with the status and the declared content type. */
  public record Fetched(int status, String contentType, byte[] body) {}

  /**
   * GETs an absolute URL (a picture a server answered with a link to) within the same timeout,
   * without the configured headers: the link may point at another host (a CDN), which must not see
   * the key. A body over {@code maxBytes} is refused as it arrives, not after.
   */
  public Fetched fetch(URI url, long maxBytes) throws TransientFailure, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("User-Agent", "fablestream")
            .GET()
            .build();
    HttpResponse<byte[]> response =
        await(
            client.sendAsync(request, info -> BoundedBody.of(info, maxBytes)),
            cause ->
                cause instanceof BoundedBody.TooLarge
                    ? new TransientFailure(
                        TransientFailure.Reason.MALFORMED,
                        "the picture at " + display(url) + " is larger than " + maxBytes + " bytes",
                        cause)
                    : new TransientFailure(
                        TransientFailure.Reason.CONNECTION,
                        "cannot fetch the picture at " + display(url) + ": " + cause,
                        cause));
    return new Fetched(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body());
  }

  /** The bound on one exchange. */
  public Duration timeout() {
    return timeout;
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
    HttpResponse<String> response =
        await(
            client.sendAsync(
                request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)),
            cause ->
                new TransientFailure(
                    TransientFailure.Reason.CONNECTION,
                    cause instanceof ConnectException
                        ? "connection refused (is "
                            + serverName
                            + " running at "
                            + display(base)
                            + "?)"
                        : String.valueOf(cause),
                    cause));
    return new Answer(response.statusCode(), response.headers(), response.body());
  }

  /**
   * The exchange's response within the timeout. A timeout (of the wait or of the client) is a
   * {@code TIMEOUT} failure; a timeout or an interrupt cancels the exchange first.
   *
   * @param failed the failure for any other cause the exchange failed with
   */
  private <T> HttpResponse<T> await(
      CompletableFuture<HttpResponse<T>> exchange, Function<Throwable, TransientFailure> failed)
      throws TransientFailure, InterruptedException {
    try {
      return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
      throw failed.apply(cause);
    }
  }

  private TransientFailure timedOut(Throwable cause) {
    return new TransientFailure(
        TransientFailure.Reason.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", cause);
  }

  private URI endpoint(String path) {
    String b = base.toString();
    // The base may end with a slash or carry a path prefix (a proxy, /v1); keep the prefix.
    return URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) + path : b + path);
  }

  /** A URI as it may be shown to a person: without user info, which may be a credential. */
  public static String display(URI uri) {
    if (uri.getUserInfo() == null) {
      return uri.toString();
    }
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (java.net.URISyntaxException e) {
      return uri.getScheme() + "://" + uri.getHost();
    }
  }
}
