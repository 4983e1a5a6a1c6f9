package io.fablestream.app;

import io.fablestream.platform.config.HttpSettings;
import io.fablestream.platform.service.ServiceRunner;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP API as the process composes it: started on what it works with, listening on a port,
 * closed with the process. The routes live in {@code io.fablestream.app.http}, which reads this
 * package's views and submitters; that package registers its {@link Starter} in {@code
 * META-INF/services}, so this package starts the API without importing the package that serves it
 * and no two packages of the app import each other ({@code PackageLayersTest}).
 */
public interface ApiServer extends AutoCloseable {
  /** What the API works with. */
  record Parts(
      ApiSettings settings,
      BookSubmitter submitter,
      Supplier<KafkaStreams> readModel,
      BookEvents events,
      Supplier<String> metrics,
      List<ServiceRunner> runners,
      RevisionSubmitter revisions,
      Supplier<String> advertised) {

    /**
     * Parts of the only API instance (nothing is forwarded), without revisions: {@code POST
     * /books/{id}/revisions} then fails as a bug would.
     */
    public Parts(
        ApiSettings settings,
        BookSubmitter submitter,
        Supplier<KafkaStreams> readModel,
        BookEvents events,
        Supplier<String> metrics,
        List<ServiceRunner> runners) {
      this(settings, submitter, readModel, events, metrics, runners, null, () -> null);
    }
  }

  /** Starts the API: the one the HTTP package registers. */
  interface Starter {
    /** Starts serving on {@code http.bind}:{@code http.port}; port 0 picks a free one. */
    ApiServer start(HttpSettings http, Parts parts);
  }

  /** Starts the HTTP API of the class path on {@code http.bind}:{@code http.port}. */
  static ApiServer start(HttpSettings http, Parts parts) {
    Starter starter =
        ServiceLoader.load(Starter.class, ApiServer.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No HTTP API on the class path: io.fablestream.app.http registers one in"
                            + " META-INF/services/"
                            + Starter.class.getName()));
    return starter.start(http, parts);
  }

  /** The port actually bound. */
  int port();

  /** Whether the studio's built files are in this jar, so {@code /} serves them. */
  boolean studioBuilt();

  @Override
  void close();
}
