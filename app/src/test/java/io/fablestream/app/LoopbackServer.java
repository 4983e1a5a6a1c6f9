package io.fablestream.app;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Routes served on a free loopback port for each test, and a client that asks them. Registered on a
 * test class ({@code @RegisterExtension}), it starts the server of its routes before each test, and
 * stops it, and every other server the test started, after it.
 */
final class LoopbackServer implements BeforeEachCallback, AfterEachCallback {
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Javalin> started = new ArrayList<>();
  private final Consumer<JavalinConfig> routes;
  private Javalin app;

  private LoopbackServer(Consumer<JavalinConfig> routes) {
    this.routes = routes;
  }

  /** A server of these routes for each test. */
  static LoopbackServer serving(Consumer<JavalinConfig> routes) {
    return new LoopbackServer(routes);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    app = start(routes);
  }

  /** This test's server of the routes. */
  Javalin app() {
    return app;
  }

  /** Another server, of these routes, started now and stopped after the test. */
  Javalin start(Consumer<JavalinConfig> routes) {
    Javalin app = Javalin.create(routes).start("127.0.0.1", 0);
    started.add(app);
    return app;
  }

  /**
   * A request with no body to a server this test started.
   *
   * @param headers names and values, in turn
   */
  <T> HttpResponse<T> send(
      Javalin to, String method, String path, HttpResponse.BodyHandler<T> body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), body);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(Javalin::stop);
    started.clear();
  }
}
