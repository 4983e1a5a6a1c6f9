package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.config.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker the app starts in its own JVM when no cluster is named.
 *
 * @param enabled false when {@code kafka.bootstrap.servers} is set: then that cluster is used
 * @param host the host the client listener binds to and advertises
 * @param port the client listener's port, for the app's services and outside clients alike
 * @param controllerPort the KRaft controller's port
 * @param dataDir the broker's log and metadata directory
 * @param saslPort the port of a SASL/PLAIN listener for outside clients, or 0 for none
 * @param saslUsers the users that listener accepts, name to password; never logged
 * @param sessionTimeout how long the controller waits for its broker's heartbeat before fencing it
 */
public record EmbeddedKafkaSettings(
    boolean enabled,
    String host,
    int port,
    int controllerPort,
    Path dataDir,
    int saslPort,
    Map<String, String> saslUsers,
    Duration sessionTimeout) {

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

  public static final ConfigKey SASL_PORT =
      new ConfigKey(
          "embedded.kafka.sasl.port",
          "0",
          "A second client listener that requires SASL/PLAIN (SASL_PLAINTEXT), for clients that"
              + " must log in; 0: none.");
  public static final ConfigKey SASL_USERS =
      new ConfigKey(
          "embedded.kafka.sasl.users",
          "",
          "The users the SASL listener accepts, name=password pairs separated by ';'. Never"
              + " logged.");

  public static final ConfigKey SESSION_TIMEOUT =
      new ConfigKey(
          "embedded.kafka.session.timeout",
          "9s",
          "How long the embedded controller waits for its broker's heartbeat (sent every 500 ms,"
              + " or six times a shorter session) before fencing it. A fenced broker's partitions"
              + " have no leader until it is heard again: raise it on a machine so overloaded that"
              + " clients log NotLeaderOrFollower while the broker runs. A restart after a crash"
              + " does not wait for it.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS =
      List.of(HOST, PORT, CONTROLLER_PORT, DIR, SASL_PORT, SASL_USERS, SESSION_TIMEOUT);

  /** {@code embedded.kafka.session.timeout}'s default. */
  static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(9);

  public EmbeddedKafkaSettings {
    saslUsers = Map.copyOf(saslUsers);
  }

  /** A broker with no SASL listener. */
  public EmbeddedKafkaSettings(
      boolean enabled, String host, int port, int controllerPort, Path dataDir) {
    this(enabled, host, port, controllerPort, dataDir, 0, Map.of(), DEFAULT_SESSION_TIMEOUT);
  }

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
    int saslPort = config.integer(SASL_PORT, 0, 65_535);
    Map<String, String> users = users(config.string(SASL_USERS));
    if (saslPort != 0 && (saslPort == port || saslPort == controllerPort)) {
      throw new ConfigException(
          "Invalid configuration: "
              + SASL_PORT.name()
              + " (environment "
              + SASL_PORT.envName()
              + ") is '"
              + saslPort
              + "': expected a port other than the client and controller ports.");
    }
    if (saslPort != 0 && users.isEmpty()) {
      throw new ConfigException(
          "Invalid configuration: "
              + SASL_USERS.name()
              + " (environment "
              + SASL_USERS.envName()
              + ") is empty while "
              + SASL_PORT.name()
              + " is "
              + saslPort
              + ": name at least one user, as name=password.");
    }
    Duration session = config.duration(SESSION_TIMEOUT);
    if (session.compareTo(Duration.ofSeconds(1)) < 0
        || session.compareTo(Duration.ofMinutes(5)) > 0) {
      throw ConfigException.invalid(
          SESSION_TIMEOUT, config.string(SESSION_TIMEOUT), "a duration from 1s to 5m");
    }
    return new EmbeddedKafkaSettings(
        !config.isSet(KafkaSettings.BOOTSTRAP_SERVERS),
        config.required(HOST),
        port,
        controllerPort,
        dir,
        saslPort,
        users,
        session);
  }

  private static Map<String, String> users(String value) {
    Map<String, String> users = new LinkedHashMap<>();
    for (String pair : value.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? "" : pair.substring(0, eq).strip();
      if (eq < 1 || !name.matches("[A-Za-z0-9_.@-]+") || eq == pair.length() - 1) {
        throw new ConfigException(
            "Invalid configuration: "
                + SASL_USERS.name()
                + " (environment "
                + SASL_USERS.envName()
                + ") must be name=password pairs separated by ';', names of letters, digits and"
                + " _.@- (value not shown: it holds passwords).");
      }
      users.put(name, pair.substring(eq + 1).strip());
    }
    return users;
  }

  /** The SASL listener's address, {@code host:saslPort}, or null when there is none. */
  public String saslBootstrapServers() {
    return saslPort == 0 ? null : host + ":" + saslPort;
  }

  @Override
  public String toString() {
    // Passwords of the SASL users are credentials: show the names only.
    return "EmbeddedKafkaSettings[enabled="
        + enabled
        + ", host="
        + host
        + ", port="
        + port
        + ", controllerPort="
        + controllerPort
        + ", dataDir="
        + dataDir
        + ", saslPort="
        + saslPort
        + ", saslUsers="
        + saslUsers.keySet()
        + ", sessionTimeout="
        + sessionTimeout
        + "]";
  }

  /** The address clients use: {@code host:port}. */
  public String bootstrapServers() {
    return host + ":" + port;
  }
}
