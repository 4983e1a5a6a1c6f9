package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.config.KafkaSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * The broker the app starts in its own JVM when no cluster is named.
 *
 * @param enabled false when {@code kafka.bootstrap.servers} is set: then that cluster is used
 * @param host the host the client listener binds to and advertises
 * @param port the client listener's port, for the app's services and outside clients alike
 * @param controllerPort the KRaft controller's port
 * @param dataDir the broker's log and metadata directory
 */
public record EmbeddedKafkaSettings(
    boolean enabled, String host, int port, int controllerPort, Path dataDir) {

  public static final ConfigKey HOST =
      new ConfigKey(
          "embedded.kafka.host",
          "localhost",
          "Host the embedded broker listens on and advertises to clients.");
  public static final ConfigKey PORT =
      new ConfigKey(
          "embedded.kafka.port",
          "9092",
          "The embedded broker's client port: the app's services and outside clients (kcat, Python)"
              + " connect here.");
  public static final ConfigKey CONTROLLER_PORT =
      new ConfigKey(
          "embedded.kafka.controller.port", "9093", "The embedded broker's KRaft controller port.");
  public static final ConfigKey DIR =
      new ConfigKey(
          "embedded.kafka.dir",
          "",
          "The embedded broker's data (logs and KRaft metadata); empty means <data.dir>/kafka.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS = List.of(HOST, PORT, CONTROLLER_PORT, DIR);

  /** Reads and validates the embedded broker's settings. */
  public static EmbeddedKafkaSettings from(Config config) {
    int port = config.integer(PORT, 1, 65_535);
    int controllerPort = config.integer(CONTROLLER_PORT, 1, 65_535);
    if (port == controllerPort) {
      throw new ConfigException(
          "Invalid configuration: "
              + CONTROLLER_PORT.name()
              + " (environment "
              + CONTROLLER_PORT.envName()
              + ") is '"
              + controllerPort
              + "': expected a port other than "
              + PORT.name()
              + "'s.");
    }
    Path dir =
        config.string(DIR).isBlank()
            ? config.path(KafkaSettings.DATA_DIR).resolve("kafka")
            : config.path(DIR);
    return new EmbeddedKafkaSettings(
        !config.isSet(KafkaSettings.BOOTSTRAP_SERVERS),
        config.required(HOST),
        port,
        controllerPort,
        dir);
  }

  /** The address clients use: {@code host:port}. */
  public String bootstrapServers() {
    return host + ":" + port;
  }
}
