package io.fablestream.platform.service;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.HttpSettings;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import io.fablestream.schemas.SchemaRegistryException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} every standalone service shares: read the config ({@code --config FILE} or
 * {@code FABLESTREAM_CONFIG}, then the environment), build the service, serve health and metrics,
 * run until SIGTERM, stop within the shutdown timeout.
 *
 * <p>Exit codes: 0 after a clean stop, 1 when Kafka cannot be reached, the schema registry refuses
 * a schema the service writes, or the service fails to start, 2 for a bad configuration or usage.
 */
public final class ServiceMain {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {}

  /** Runs a service until the JVM is asked to stop, then exits. */
  public static void run(String[] args, Function<ServiceContext, StreamsService> factory) {
    System.exit(execute(args, System.err, factory));
  }

  static int execute(
      String[] args, PrintStream err, Function<ServiceContext, StreamsService> factory) {
    Path configFile;
    try {
      configFile = configFile(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    Config config;
    try {
      config = Config.load(configFile);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    return execute(args, err, factory, config);
  }

  static int execute(
      String[] args,
      PrintStream err,
      Function<ServiceContext, StreamsService> factory,
      Config config) {
    try (PrometheusMetrics metrics = new PrometheusMetrics();
        SharedParts parts = SharedParts.alone(config, metrics.registry())) {
      KafkaSettings kafka = KafkaSettings.from(config);
      HttpSettings http = HttpSettings.from(config);
      EventWire.install(config);
      StreamsService service =
          factory.apply(new ServiceContext(config, metrics.registry(), Clock.systemUTC(), parts));
      CountDownLatch stop = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stop.countDown();
                    awaitQuietly(stopped);
                  },
                  "fablestream-shutdown"));
      try (ServiceRunner runner = new ServiceRunner(service, kafka, metrics.registry());
          HealthServer health = HealthServer.start(http, metrics::scrape, List.of(runner))) {
        runner.start();
        LOG.info(
            "{} serving /health and /metrics on {}:{}", service.name(), http.bind(), health.port());
        if (!runner.awaitRunning(kafka.startTimeout())) {
          LOG.warn("{} is {} after {}", service.name(), runner.state(), kafka.startTimeout());
        }
        stop.await();
      } finally {
        stopped.countDown();
      }
      return 0;
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (BrokerUnreachableException e) {
      err.println(e.getMessage());
      return 1;
    } catch (SchemaRegistryException e) {
      // One line: the subject and the registry's reason; nothing was started.
      err.println(e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("Cannot serve HTTP: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** The file named by {@code --config FILE} or {@code --config=FILE}, or null. */
  static Path configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--config needs a file: --config FILE");
        }
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
      throw new IllegalArgumentException(
          "Unknown argument: " + args[i] + ". Usage: [--config FILE]");
    }
    return null;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
