package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.HttpSettings;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import io.fablestream.platform.registry.RegistrySettings;
import io.fablestream.platform.service.BrokerUnreachableException;
import io.fablestream.platform.service.HealthServer;
import io.fablestream.platform.service.PrometheusMetrics;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceRunner;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.platform.service.TopicInitializer;
import io.fablestream.schemas.Topics;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.LoggerFactory;

/**
 * The whole line in one JVM: the embedded broker (unless {@code kafka.bootstrap.servers} names a
 * cluster), each service as its own Kafka Streams app with its own state directory, all sharing one
 * model gateway and one story memory, and optionally the HTTP API with its read model, metrics and
 * health on the API port.
 */
public final class FablestreamApp implements AutoCloseable {
  private final List<AutoCloseable> closeInReverse = new ArrayList<>();
  private final List<ServiceRunner> runners = new ArrayList<>();
  private Config config;
  private KafkaSettings kafka;
  private EmbeddedKafka broker;
  private ApiServer api;

  private FablestreamApp() {}

  /**
   * What to run.
   *
   * @param embeddedBroker start the embedded broker when no cluster is named
   * @param api serve the HTTP API (with health and metrics) and run its read model
   * @param health without the API, serve only health and metrics on the HTTP port
   * @param services the services to run
   */
  public record Options(
      boolean embeddedBroker, boolean api, boolean health, List<LineService> services) {
    /** The whole line, the embedded broker and, if asked, the API. */
    public static Options line(boolean api) {
      return new Options(true, api, false, LineServices.all());
    }

    /** One service on the configured cluster, with health and metrics: a container's process. */
    public static Options standalone(LineService service) {
      return new Options(false, false, true, List.of(service));
    }

    /** The API and its read model alone, on the configured cluster. */
    public static Options apiOnly() {
      return new Options(false, true, false, List.of());
    }
  }

  /**
   * Reads every setting the app uses, so a bad value stops it before anything starts.
   *
   * @throws io.fablestream.platform.config.ConfigException naming the key and the value
   */
  public static void checkSettings(Config config) {
    KafkaSettings.from(config);
    EmbeddedKafkaSettings.from(config);
    HttpSettings.from(config);
    ApiSettings.from(config);
    ViewSettings.from(config);
    io.fablestream.platform.model.ModelSettings.from(config);
    io.fablestream.platform.model.image.IllustrationSettings.from(config);
    RegistrySettings.from(config);
  }

  /**
   * Starts everything and waits until every Kafka Streams app is RUNNING.
   *
   * @param out where to tell a person what started where
   * @throws EmbeddedKafka.EmbeddedKafkaException when the embedded broker cannot start
   * @throws BrokerUnreachableException when the named cluster does not answer
   */
  public static FablestreamApp start(Config config, Options options, PrintStream out)
      throws InterruptedException {
    FablestreamApp app = new FablestreamApp();
    try {
      app.startAll(config, options, out);
      return app;
    } catch (RuntimeException | InterruptedException e) {
      app.close();
      throw e;
    } catch (java.io.IOException e) {
      app.close();
      throw new java.io.UncheckedIOException("Cannot serve HTTP: " + e.getMessage(), e);
    }
  }

  private void startAll(Config given, Options options, PrintStream out)
      throws InterruptedException, java.io.IOException {
    config = given;
    if (options.api()) {
      // Before anything starts: an open API on a reachable address is not started at all.
      ApiSettings.from(config).requireTokenOffLoopback(HttpSettings.from(config));
    }
    KafkaSettings settings = KafkaSettings.from(config);
    EventWire.install(config);
    if (options.api()) {
      // The API's producers' subjects, checked before anything starts.
      EventWire.requireWritable(List.of(Topics.IMAGES_SUBMITTED, Topics.BOOKS_REVISIONS));
    }
    PrometheusMetrics metrics = new PrometheusMetrics();
    closeInReverse.add(metrics);
    // The composition: the parts the services to run use, made once and shared by them all. They
    // need no broker, and the embedder's model takes seconds to load, as the broker takes to
    // start (longer after a crash): the two go on at once.
    Config partsConfig = config;
    CompletableFuture<LineParts> opening =
        CompletableFuture.supplyAsync(
            () -> LineParts.open(partsConfig, metrics.registry(), options.services()),
            task -> Thread.ofPlatform().name("fablestream-line-parts").daemon().start(task));
    try {
      EmbeddedKafkaSettings embedded = EmbeddedKafkaSettings.from(config);
      if (embedded.enabled() && options.embeddedBroker()) {
        broker = EmbeddedKafka.start(embedded, settings.startTimeout());
        closeInReverse.add(broker);
        config = config.with(KafkaSettings.BOOTSTRAP_SERVERS.name(), broker.bootstrapServers());
        out.println(
            "Kafka: embedded broker at "
                + broker.bootstrapServers()
                + " (data in "
                + broker.dataDir()
                + ")");
      } else {
        out.println("Kafka: " + settings.bootstrapServers() + " (kafka.bootstrap.servers)");
      }
    } catch (RuntimeException e) {
      // Whatever the parts opened is closed once they are open; the broker's failure is the one
      // to report.
      opening.thenAccept(LineParts::close);
      throw e;
    }
    kafka = KafkaSettings.from(config);
    LineParts parts = opened(opening);
    closeInReverse.add(parts);

    List<StreamsService> services = new ArrayList<>();
    if (!options.services().isEmpty()) {
      ServiceContext context =
          new ServiceContext(config, metrics.registry(), Clock.systemUTC(), parts.lanes());
      for (LineService service : options.services()) {
        services.add(service.create(context, parts));
      }
    }
    BookEvents events = null;
    // This instance's API as host:port, known once it listens (http.port may be 0).
    AtomicReference<String> advertised = new AtomicReference<>();
    if (options.api()) {
      events = new BookEvents();
      closeInReverse.add(events);
      services.add(
          new BookViewService(
              ViewSettings.from(config), Clock.systemUTC(), events::publish, advertised::get));
    }
    for (StreamsService service : services) {
      ServiceRunner runner = new ServiceRunner(service, kafka, metrics.registry());
      closeInReverse.add(runner);
      runners.add(runner);
      // Every subject the process writes, before any topic is created or service started.
      runner.checkWireFormat();
    }
    createTopics(services);
    HttpSettings http = HttpSettings.from(config);
    if (options.api()) {
      // The API listens before the read model starts: the read model tells the other instances
      // where it answers (application.server), which needs the port bound. Until the read model
      // runs, the book calls answer 503 NOT_READY.
      BookSubmitter submitter = new BookSubmitter(kafka, Clock.systemUTC());
      closeInReverse.add(submitter);
      RevisionSubmitter revisions = new RevisionSubmitter(kafka, Clock.systemUTC());
      closeInReverse.add(revisions);
      ServiceRunner readModel = runners.get(runners.size() - 1);
      api =
          ApiServer.start(
              http,
              new ApiServer.Parts(
                  ApiSettings.from(config),
                  submitter,
                  readModel::streams,
                  events,
                  metrics::scrape,
                  List.copyOf(runners),
                  revisions,
                  advertised::get));
      closeInReverse.add(api);
      advertised.set(ApiSettings.advertisedAddress(config, http, api.port()));
    }
    startTogether(runners);
    for (ServiceRunner runner : runners) {
      if (!runner.awaitRunning(kafka.startTimeout())) {
        throw new BrokerUnreachableException(
            runner.service().name()
                + " is "
                + runner.state()
                + ", not RUNNING, after "
                + kafka.startTimeout().toSeconds()
                + "s (start.timeout)",
            null);
      }
    }
    if (options.api()) {
      out.println("HTTP API: http://" + http.bind() + ":" + api.port() + " (http.port)");
      out.println(
          api.studioBuilt()
              ? "Studio: http://" + http.bind() + ":" + api.port() + "/"
              : "Studio: not in this jar (it was built without Node 20.19+; see web/build)");
    } else if (options.health()) {
      HealthServer health = HealthServer.start(http, metrics::scrape, List.copyOf(runners));
      closeInReverse.add(health);
      out.println("Health and metrics: http://" + http.bind() + ":" + health.port());
    }
  }

  /** The parts, once open; what stopped them from opening, as it was thrown. */
  private static LineParts opened(CompletableFuture<LineParts> opening)
      throws InterruptedException {
    try {
      return opening.get();
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    }
  }

  /**
   * Starts every runner at once, each on a thread of its own, and waits until all have started (not
   * until they run). Starting one means checking its topics and opening its Kafka Streams (clients,
   * state directory, stores): a second or two each on a busy machine, mostly waiting on the broker
   * and the disk, so the five of the line side by side take little more than the slowest.
   *
   * @throws RuntimeException the first runner's failure, as it was thrown
   */
  static void startTogether(List<ServiceRunner> runners) throws InterruptedException {
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (ServiceRunner runner : runners) {
      starts.add(
          CompletableFuture.runAsync(
              runner::start,
              task ->
                  Thread.ofPlatform()
                      .name("fablestream-start-" + runner.service().name())
                      .start(task)));
    }
    RuntimeException first = null;
    for (CompletableFuture<Void> start : starts) {
      try {
        start.get();
      } catch (ExecutionException e) {
        if (first == null) {
          first = rethrown(e.getCause());
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause.getMessage(), cause);
  }

  /** The line's topics and every service's dead-letter topic, so watchers can assign them. */
  private void createTopics(List<StreamsService> services) throws InterruptedException {
    if (!kafka.createTopics()) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (StreamsService service : services) {
      names.add(service.name());
    }
    Map<String, Object> props = KafkaClients.properties(kafka, AdminClientConfig.configNames());
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, kafka.startTimeout().toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    // The API timeout may not be below the request timeout (30s unless set): a shorter
    // start.timeout shortens both, as each service's own start does.
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
    try (Admin admin = Admin.create(props)) {
      TopicInitializer.requireReachable(admin, kafka);
      TopicInitializer.ensure(admin, TopicInitializer.lineTopics(names), kafka);
    } catch (ExecutionException | TimeoutException e) {
      throw new BrokerUnreachableException(
          "Cannot create the topics on " + kafka.bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  /** The config the app runs with: the given one, plus the embedded broker's address. */
  public Config config() {
    return config;
  }

  /** The Kafka settings the app runs with. */
  public KafkaSettings kafka() {
    return kafka;
  }

  /** The API's port, or -1 when the API does not run. */
  public int apiPort() {
    return api == null ? -1 : api.port();
  }

  /** The runners, services first, the API's read model last. */
  public List<ServiceRunner> runners() {
    return List.copyOf(runners);
  }

  /** Stops everything, last started first; safe to call twice. */
  @Override
  public synchronized void close() {
    for (int i = closeInReverse.size() - 1; i >= 0; i--) {
      try {
        closeInReverse.get(i).close();
      } catch (Exception e) {
        LoggerFactory.getLogger(FablestreamApp.class).warn("While stopping", e);
      }
    }
    closeInReverse.clear();
    runners.clear();
  }
}
