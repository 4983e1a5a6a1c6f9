package io.fablestream.app.http;

import io.fablestream.app.ApiServer;
import io.fablestream.app.ApiServer.Parts;
import io.fablestream.app.ApiSettings;
import io.fablestream.platform.config.HttpSettings;
import io.fablestream.platform.service.HealthServer;
import io.fablestream.platform.service.ServiceRunner;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API: submit a picture, follow its book, fetch it. Answers from the read model ({@link
 * io.fablestream.app.BookViewService}); errors are JSON {@code {"error": ..., "code": ...}} with
 * the status that fits ({@link ApiErrors}). This class sets the server up and holds the route
 * table; the routes live in {@link BookRoutes} and {@link BookEventStream}.
 *
 * <pre>
 * POST /books              multipart image [chapters, arcLength, words, title] -> 202 {"bookId"}
 * GET  /books              every instance's books, newest first [?limit=, default 50, max 500]
 * GET  /books/{id}         the book's view: stage, chapters so far, summaries, failure, waitingFor
 * GET  /books/{id}.md      the book as Markdown
 * GET  /books/{id}.epub    the book as EPUB, its picture as the cover
 *      (all three ?revision=N: one revision of the book)
 * GET  /books/{id}/events  server-sent events, one per change, until the book is finished
 * GET  /books/{id}/chapters/{n}/illustration  the chapter's illustration (also HEAD, ?revision=N)
 * POST /books/{id}/revisions JSON {fromChapter, text | instruction} -> 202 {"bookId", "revision"}
 * POST /generate           as POST /books, then waits for the book (api.generate.wait)
 * GET  /openapi.json       OpenAPI 3.1 of all of these
 * GET  /metrics, /health/live, /health/ready
 * GET  /, /new, /book/...  the studio (web/), {@link Studio}
 * </pre>
 */
public final class HttpApi implements ApiServer {
  /** The paths the rate limit and the token guard; health and metrics stay open. */
  private static final List<String> GUARDED = List.of("/books*", "/generate", "/openapi.json");

  /** The OpenAPI 3.1 description of every route below, kept with them (HttpApiRoutesTest). */
  static final String OPENAPI_RESOURCE = "/openapi.json";

  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /** The starter {@link ApiServer#start} finds in {@code META-INF/services}. */
  public static final class Starter implements ApiServer.Starter {
    @Override
    public ApiServer start(HttpSettings http, Parts parts) {
      return HttpApi.start(http, parts);
    }
  }

  /** Starts serving on {@code http.bind}:{@code http.port}; port 0 picks a free one. */
  public static HttpApi start(HttpSettings http, Parts parts) {
    return start(http, parts, Instances.of(parts.readModel(), parts.advertised()));
  }

  /** As {@link #start(HttpSettings, Parts)}, with the other instances found as given. */
  static HttpApi start(HttpSettings http, Parts parts, Instances instances) {
    ApiSettings settings = parts.settings();
    long max = settings.maxUploadBytes();
    ReadModel readModel = new ReadModel(parts.readModel());
    BookRoutes books =
        new BookRoutes(
            new BookForm(max),
            parts.submitter(),
            readModel,
            parts.events(),
            settings.generateWait(),
            instances);
    RevisionRoutes revisions = new RevisionRoutes(readModel, parts.revisions());
    BookEventStream stream = new BookEventStream(readModel, parts.events());
    IllustrationResource illustrations =
        new IllustrationResource(
            readModel::view, readModel::illustration, IllustrationResource.WAIT);
    RateLimit rateLimit = new RateLimit(settings.rateLimitPerMinute());
    ApiAuth auth = new ApiAuth(settings.token());
    String openApi = openApi();
    Studio studio = Studio.fromClasspath();
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = max + 1024 * 1024;
              // A wrong method is 405, not 404; every error is JSON, Jetty's own too.
              config.http.prefer405over404 = true;
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new ApiErrors.JettyErrors()));
              // The rate limit first: it also slows down guessing the token.
              for (String guarded : GUARDED) {
                config.routes.before(guarded, rateLimit::check);
              }
              for (String guarded : GUARDED) {
                config.routes.before(guarded, auth::authorize);
              }
              config.routes.post("/books", books::submit);
              config.routes.get("/books", books::list);
              config.routes.post("/generate", books::generate);
              // A book another instance holds is forwarded there (Instances).
              config.routes.get("/books/{id}", instances.owned(books::book));
              config.routes.post("/books/{id}/revisions", instances.owned(revisions::revise));
              config.routes.get("/books/{id}/events", instances.owned(stream::handle));
              config.routes.get(
                  "/books/{id}/chapters/{n}/illustration", instances.owned(illustrations::get));
              config.routes.head(
                  "/books/{id}/chapters/{n}/illustration", instances.owned(illustrations::get));
              config.routes.post("/books/{id}/plan", instances.owned(revisions::approvePlan));
              config.routes.get(
                  "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
              studio.register(config);
              config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
              config.routes.get("/health/ready", ctx -> ready(ctx, parts.runners()));
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(parts.metrics().get()));
              ApiErrors.register(config.routes);
            });
    app.start(http.bind(), http.port());
    return new HttpApi(app);
  }

  private static void ready(Context ctx, List<ServiceRunner> runners) {
    HealthServer.Readiness readiness = HealthServer.Readiness.of(runners);
    ctx.status(readiness.ready() ? 200 : 503)
        .contentType("application/json")
        .result(readiness.json());
  }

  static String openApi() {
    try (InputStream in = HttpApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The routes the server answers, as {@code "GET /books/{id}"}, in the order registered. */
  public List<String> routes() {
    List<String> routes = new ArrayList<>();
    for (ParsedEndpoint e : app.unsafe.internalRouter.allHttpHandlers()) {
      if (e.endpoint.method.isHttpMethod()) {
        routes.add(e.endpoint.method.name() + " " + e.endpoint.path);
      }
    }
    return routes;
  }

  /** The port actually bound. */
  @Override
  public int port() {
    return app.port();
  }

  @Override
  public boolean studioBuilt() {
    return Studio.fromClasspath().built();
  }

  @Override
  public void close() {
    app.stop();
  }
}
