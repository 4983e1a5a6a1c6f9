package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fablestream.app.http.HttpApi;
import io.fablestream.app.http.Studio;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The studio's files at / beside the API, with api.token set: the page and its assets need no
 * token, its client routes answer with the page, and the book routes stay JSON. Runs where the
 * build had Node (the page is on the classpath); no Kafka is involved.
 */
class StudioServingTest {
  private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");

  private final HttpClient http = HttpClient.newHttpClient();
  private final BookEvents events = new BookEvents();
  private final HttpApi api =
      ApiWithoutLine.start(new ApiSettings(Duration.ofSeconds(1), 1024, "s3cret"), events);

  @BeforeEach
  void needsTheStudio() {
    assumeTrue(
        Studio.fromClasspath().built(),
        "The studio is not built (needs Node 20.19+: cd web && npm ci && npm run build)");
  }

  @AfterEach
  void stop() {
    api.close();
    events.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .header("Accept", "text/html,*/*")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageAndItsAssetsNeedNoTokenAndAreCachedAsTheyShouldBe() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(page.body())
        .contains("<div id=\"root\"></div>", "<title>Fablestream studio</title>");

    Matcher script = SCRIPT.matcher(page.body());
    assertThat(script.find()).as("the page names its script").isTrue();
    HttpResponse<String> asset = get(script.group(1));
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    assertThat(asset.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(t -> assertThat(t).contains("immutable"));
  }

  @Test
  void clientRoutesAnswerWithThePageAndTheBookRoutesStayTheApis() throws Exception {
    for (String route :
        List.of("/new", "/book/some-id", "/book/some-id/graph", "/book/some-id/read")) {
      HttpResponse<String> page = get(route);
      assertThat(page.statusCode()).as(route).isEqualTo(200);
      assertThat(page.body()).as(route).contains("<div id=\"root\"></div>");
    }

    HttpResponse<String> book = get("/books/some-id");
    assertThat(book.statusCode()).isEqualTo(401);
    assertThat(book.body()).contains("\"code\":\"UNAUTHORIZED\"");
    HttpResponse<String> missingAsset = get("/assets/no-such-file.js");
    assertThat(missingAsset.statusCode()).isEqualTo(404);
    assertThat(missingAsset.body()).contains("\"code\":\"NOT_FOUND\"");
    HttpResponse<String> elsewhere = get("/no/such/page");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(elsewhere.body()).contains("\"code\":\"NOT_FOUND\"");
  }
}
