package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.http.HttpApi;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.HttpSettings;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's limits without Kafka: the rate limit per client, the upload size, and the refusal to
 * serve an open API on an address other hosts reach.
 */
class HttpApiLimitsTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final HttpClient http = HttpClient.newHttpClient();
  private final BookEvents events = new BookEvents();
  private HttpApi api;

  @TempDir Path dir;

  private void start(ApiSettings settings) {
    api = ApiWithoutLine.start(settings, events);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    events.close();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  @Test
  void clientOverTheRateLimitGets429WithRetryAfterAndHealthStaysOpen() throws Exception {
    start(new ApiSettings(Duration.ofSeconds(1), 1024, "s3cret", false, 3));
    HttpRequest notMultipart =
        HttpRequest.newBuilder(uri("/books"))
            .header("Authorization", "Bearer s3cret")
            .POST(HttpRequest.BodyPublishers.ofString("not multipart"))
            .build();

    for (int i = 0; i < 3; i++) {
      assertThat(send(notMultipart).statusCode()).isEqualTo(400);
    }
    HttpResponse<String> limited = send(notMultipart);
    // Guessing the token counts against the same budget.
    HttpResponse<String> guess =
        send(
            HttpRequest.newBuilder(uri("/books/nobody"))
                .header("Authorization", "Bearer x")
                .build());

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
    assertThat(limited.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(json(limited).path("code").asText()).isEqualTo("RATE_LIMITED");
    assertThat(json(limited).path("error").asText()).contains("api.rate.limit is 3 a minute");
    assertThat(guess.statusCode()).isEqualTo(429);
    assertThat(send(HttpRequest.newBuilder(uri("/health/live")).build()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void uploadOverTheLimitGets413WithTheJsonError() throws Exception {
    start(new ApiSettings(Duration.ofSeconds(1), 1024, ""));
    byte[] picture = new byte[4096];
    System.arraycopy(PNG_MAGIC, 0, picture, 0, PNG_MAGIC.length);

    HttpResponse<String> response =
        send(Multipart.post(uri("/books"), "big.png", picture, Map.of()));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).path("code").asText()).isEqualTo("IMAGE_TOO_LARGE");
    assertThat(json(response).path("error").asText()).contains("1024");
  }

  @Test
  void requestBodyOverTheWholeRequestLimitGets413WithTheJsonErrorToo() throws Exception {
    start(new ApiSettings(Duration.ofSeconds(1), 1024, ""));
    byte[] picture = new byte[3 * 1024 * 1024];
    System.arraycopy(PNG_MAGIC, 0, picture, 0, PNG_MAGIC.length);

    HttpResponse<String> response =
        send(Multipart.post(uri("/books"), "huge.png", picture, Map.of()));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).path("code").asText()).isEqualTo("IMAGE_TOO_LARGE");
  }

  @Test
  void theAdvertisedAddressIsTheBoundPortOnTheBindAddressUnlessGiven() throws Exception {
    Config none = Config.of(Map.of());
    assertThat(ApiSettings.advertisedAddress(none, new HttpSettings("127.0.0.1", 0), 41234))
        .isEqualTo("127.0.0.1:41234");
    assertThat(ApiSettings.advertisedAddress(none, new HttpSettings("0.0.0.0", 8000), 8000))
        .isEqualTo(java.net.InetAddress.getLocalHost().getHostName() + ":8000");
    Config given = Config.of(Map.of("api.advertised.address", "api-2:8000"));
    assertThat(ApiSettings.advertisedAddress(given, new HttpSettings("0.0.0.0", 8000), 8000))
        .isEqualTo("api-2:8000");
    for (String bad : List.of("api-2", "api-2:", ":8000", "api-2:http", "api-2:70000")) {
      assertThatThrownBy(
              () ->
                  ApiSettings.advertisedAddress(
                      Config.of(Map.of("api.advertised.address", bad)),
                      new HttpSettings("0.0.0.0", 8000),
                      8000))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(
              "api.advertised.address (environment"
                  + " FABLESTREAM_API_ADVERTISED_ADDRESS) is '"
                  + bad
                  + "'; it must be host:port");
    }
  }

  @Test
  void apiWithoutATokenOnAReachableAddressIsRefusedNamingTheKeys() {
    ApiSettings open = new ApiSettings(Duration.ofSeconds(1), 1024, "");

    assertThatThrownBy(() -> open.requireTokenOffLoopback(new HttpSettings("0.0.0.0", 8000)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("api.token (environment FABLESTREAM_API_TOKEN) is empty")
        .hasMessageContaining("http.bind is '0.0.0.0'")
        .hasMessageContaining("api.allow.anonymous=true");
    open.requireTokenOffLoopback(new HttpSettings("127.0.0.1", 8000));
    open.requireTokenOffLoopback(new HttpSettings("localhost", 8000));
    open.requireTokenOffLoopback(new HttpSettings("::1", 8000));
    new ApiSettings(Duration.ofSeconds(1), 1024, "t0ken")
        .requireTokenOffLoopback(new HttpSettings("0.0.0.0", 8000));
    new ApiSettings(Duration.ofSeconds(1), 1024, "", true, 120)
        .requireTokenOffLoopback(new HttpSettings("0.0.0.0", 8000));
  }

  @Test
  void serveOnAReachableAddressWithoutATokenExitsTwoBeforeStartingAnything() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> settings = LineTestConfig.values(dir.resolve("data"));
    settings.put("http.bind", "0.0.0.0");

    int code = LineTestConfig.cli(settings, new ByteArrayOutputStream(), err, "serve");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("api.token").contains("http.bind");
    assertThat(dir.resolve("data").resolve("kafka")).doesNotExist();
  }

  @Test
  void rateLimitAndAnonymousAccessAreSettings() {
    ApiSettings settings =
        ApiSettings.from(Config.of(Map.of("api.rate.limit", "30", "api.allow.anonymous", "true")));

    assertThat(settings.rateLimitPerMinute()).isEqualTo(30);
    assertThat(settings.allowAnonymous()).isTrue();
    assertThatThrownBy(() -> ApiSettings.from(Config.of(Map.of("api.rate.limit", "-1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("api.rate.limit");
  }
}
