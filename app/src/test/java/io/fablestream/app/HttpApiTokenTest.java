package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.app.http.HttpApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With api.token set, book calls need it; health stays open. No Kafka is involved. */
class HttpApiTokenTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private BookEvents events;
  private HttpApi api;

  @BeforeEach
  void start() {
    events = new BookEvents();
    api = ApiWithoutLine.start(new ApiSettings(Duration.ofSeconds(1), 1024, "s3cret"), events);
  }

  @AfterEach
  void stop() {
    api.close();
    events.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder to(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
  }

  @Test
  void bookCallsWithoutTheTokenAreUnauthorized() throws Exception {
    HttpResponse<String> noToken = send(to("/books").POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> wrongToken = send(to("/books/x").header("Authorization", "Bearer guess"));
    HttpResponse<String> generate = send(to("/generate").POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.body()).contains("\"code\":\"UNAUTHORIZED\"");
    assertThat(noToken.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    assertThat(generate.statusCode()).isEqualTo(401);
  }

  @Test
  void withTheTokenTheCallIsHeardAndHealthNeedsNone() throws Exception {
    HttpResponse<String> authorized =
        send(
            to("/books")
                .header("Authorization", "Bearer s3cret")
                .POST(HttpRequest.BodyPublishers.ofString("not multipart")));

    assertThat(authorized.statusCode()).isEqualTo(400);
    assertThat(authorized.body()).contains("\"code\":\"NOT_MULTIPART\"");
    assertThat(send(to("/health/live")).statusCode()).isEqualTo(200);
  }
}
