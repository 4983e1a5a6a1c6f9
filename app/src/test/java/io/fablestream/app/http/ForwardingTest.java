package io.fablestream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.ApiServer;
import io.fablestream.app.ApiSettings;
import io.fablestream.app.BookEvents;
import io.fablestream.app.Json;
import io.fablestream.platform.config.HttpSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding between API instances, each with no read model behind it (a book asked of it is
 * answered 503 NOT_READY): which instance holds a book is given, not asked of Kafka Streams.
 */
class ForwardingTest {
  private static final String TOKEN = "t0ken";
  private final BookEvents events = new BookEvents();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpApi first;
  private HttpApi second;

  @AfterEach
  void stop() {
    for (HttpApi api : new HttpApi[] {first, second}) {
      if (api != null) {
        api.close();
      }
    }
    events.close();
  }

  /** Every book held at {@code owner}, every instance there too. */
  private static Instances.Directory allAt(AtomicReference<HostInfo> owner) {
    return new Instances.Directory() {
      @Override
      public Optional<HostInfo> owner(String bookId) {
        return Optional.of(owner.get());
      }

      @Override
      public List<HostInfo> others() {
        return List.of(owner.get());
      }
    };
  }

  private HttpApi start(AtomicReference<HostInfo> owner) {
    return HttpApi.start(
        new HttpSettings("127.0.0.1", 0),
        new ApiServer.Parts(
            new ApiSettings(Duration.ofSeconds(1), 1024, TOKEN, false, 0),
            null,
            () -> null,
            events,
            () -> "",
            List.of()),
        new Instances(allAt(owner), () -> "127.0.0.1:0"));
  }

  @Test
  void aBookHeldByAnInstanceThatDoesNotAnswerIs503WithItsAddress() throws Exception {
    int dead;
    try (ServerSocket socket = new ServerSocket(0)) {
      dead = socket.getLocalPort();
    }
    first = start(new AtomicReference<>(new HostInfo("127.0.0.1", dead)));

    for (String path : List.of("/books/b1", "/books/b1.md", "/books/b1/events", "/books")) {
      HttpResponse<String> answer = get(first, path, true);
      assertThat(answer.statusCode()).as(path).isEqualTo(503);
      JsonNode error = Json.mapper().readTree(answer.body());
      assertThat(error.path("code").asText()).as(path).isEqualTo("INSTANCE_UNAVAILABLE");
      assertThat(error.path("error").asText()).as(path).contains("127.0.0.1:" + dead);
    }
  }

  @Test
  void aForwardedRequestCarriesTheTokenAndIsAnsweredWhereItArrives() throws Exception {
    // Each says the other holds every book: without the marker they would bounce forever.
    AtomicReference<HostInfo> toSecond = new AtomicReference<>();
    AtomicReference<HostInfo> toFirst = new AtomicReference<>();
    first = start(toSecond);
    second = start(toFirst);
    toSecond.set(new HostInfo("127.0.0.1", second.port()));
    toFirst.set(new HostInfo("127.0.0.1", first.port()));

    HttpResponse<String> withToken = get(first, "/books/b1", true);
    HttpResponse<String> withoutToken = get(first, "/books/b1", false);

    // The second instance's own answer, which it gives only to a caller with the token.
    assertThat(withToken.statusCode()).isEqualTo(503);
    assertThat(Json.mapper().readTree(withToken.body()).path("code").asText())
        .isEqualTo("NOT_READY");
    assertThat(withoutToken.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> get(HttpApi api, String path, boolean token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .timeout(Duration.ofSeconds(20));
    if (token) {
      request.header("Authorization", "Bearer " + TOKEN);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
