package io.fablestream.platform.model;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Plain HTTP calls to a test server, for the tests that check its answers field by field, below any
 * API client.
 */
public final class RawHttp {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private RawHttp() {}

  /** POSTs the JSON body and reads the answer as text. */
  public static HttpResponse<String> post(URI uri, String json)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs the URI and reads the answer as text. */
  public static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
