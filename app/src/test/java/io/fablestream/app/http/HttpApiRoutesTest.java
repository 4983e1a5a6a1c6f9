package io.fablestream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.ApiSettings;
import io.fablestream.app.ApiWithoutLine;
import io.fablestream.app.BookEvents;
import io.fablestream.app.Json;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /openapi.json describes exactly the routes the server registers; no Kafka is needed. */
class HttpApiRoutesTest {
  private final BookEvents events = new BookEvents();
  private final HttpApi api =
      ApiWithoutLine.start(new ApiSettings(Duration.ofSeconds(1), 1024, "t0ken", false, 0), events);

  @AfterEach
  void stop() {
    api.close();
    events.close();
  }

  @Test
  void openApiDocumentsEveryRegisteredRouteAndNoOther() throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(
            api.port(),
            RawHttp.request("GET", "/openapi.json", Map.of("Authorization", "Bearer t0ken"), null));
    JsonNode doc = Json.mapper().readTree(answer.body());

    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> documented.add(method.toUpperCase() + " " + servedBy(path.getKey())));
    }

    assertThat(answer.status()).isEqualTo(200);
    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
    // The studio's pages are HTML for a browser, not API routes: the description leaves them out.
    Set<String> apiRoutes = new TreeSet<>(api.routes());
    Studio.CLIENT_ROUTES.forEach(page -> apiRoutes.remove("GET " + page));
    assertThat(documented).isEqualTo(apiRoutes);
    assertThat(doc.path("paths").has("/books/{id}.md")).isTrue();
    assertThat(doc.path("paths").has("/books/{id}.epub")).isTrue();
  }

  @Test
  void openApiNeedsTheTokenLikeTheBookCalls() throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(api.port(), RawHttp.request("GET", "/openapi.json", Map.of(), null));

    assertThat(answer.status()).isEqualTo(401);
  }

  @Test
  void eventStreamTakesTheTokenAsAQueryParameterAndNothingElseDoes() throws Exception {
    RawHttp.Answer book =
        RawHttp.send(api.port(), RawHttp.request("GET", "/books/b?token=t0ken", Map.of(), null));
    RawHttp.Answer wrong =
        RawHttp.send(
            api.port(), RawHttp.request("GET", "/books/b/events?token=guess", Map.of(), null));

    assertThat(book.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
  }

  /**
   * The route that serves a documented path: the Markdown and the EPUB of a book are the same route
   * as its view ({@code /books/{id}}, whose id may end in .md or .epub).
   */
  private static String servedBy(String path) {
    return path.replaceFirst("^(/books/\\{id})\\.(md|epub)$", "$1");
  }
}
