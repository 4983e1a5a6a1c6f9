package io.fablestream.app.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * The studio, the web page of web/, served at {@code /} from the jar's classpath ({@code studio/},
 * where the Maven build puts the Vite build). Its client routes ({@code /new}, {@code /book/...})
 * answer with its index.html so a reload or a shared link opens the same page; every other path,
 * the book routes under {@code /books} above all, stays the API's. Like the health endpoints, the
 * page itself needs no token: it asks for one when the API answers 401.
 */
public final class Studio {
  static final String DIRECTORY = "/studio";
  private static final String INDEX = DIRECTORY + "/index.html";

  /** The page's own paths, answered with its index.html: HTML for a browser, not API routes. */
  static final List<String> CLIENT_ROUTES = List.of("/", "/new", "/book/{id}", "/book/{id}/<rest>");

  private final byte[] index;

  private Studio(byte[] index) {
    this.index = index;
  }

  /** The studio in this jar, or one that says how to build it when the jar was built without. */
  public static Studio fromClasspath() {
    URL url = Studio.class.getResource(INDEX);
    if (url == null) {
      return new Studio(null);
    }
    try (InputStream in = url.openStream()) {
      return new Studio(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the studio's " + INDEX, e);
    }
  }

  /** Whether the jar holds the studio. */
  public boolean built() {
    return index != null;
  }

  void register(JavalinConfig config) {
    if (built()) {
      // Vite names each asset by its content hash, so a browser may keep one for good.
      config.staticFiles.add(
          files -> {
            files.hostedPath = "/assets";
            files.directory = DIRECTORY + "/assets";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable");
          });
    }
    for (String route : CLIENT_ROUTES) {
      config.routes.get(route, this::page);
    }
  }

  private void page(Context ctx) {
    if (!built()) {
      ApiErrors.send(
          ctx,
          404,
          "STUDIO_NOT_BUILT",
          "This jar was built without the studio (Node 20.19 or newer was not found). Build it"
              + " with Node present: ./mvnw -pl :fablestream -am package -DskipTests, or cd web &&"
              + " npm ci && npm run build.");
      return;
    }
    // index.html names the current assets: never cached, so a new build is seen at once.
    ctx.header("Cache-Control", "no-cache").contentType("text/html; charset=utf-8").result(index);
  }
}
