package io.fablestream.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node), running in this
 * JVM. Its data lives in a directory of its own: the first start formats it, later starts find
 * {@code meta.properties} there and resume with every topic and offset as they were.
 *
 * <p>Sized for a laptop: few network and I/O threads, internal topics with one replica and few
 * partitions, no initial rebalance delay. Outside clients (kcat, a Python client) reach it at
 * {@link #bootstrapServers()} as they would any cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String SASL_LISTENER = "SASL";
  static final int RECOVERY_THREADS = 4;

  /** The broker's heartbeat to its controller, at most this long apart. */
  private static final long HEARTBEAT_MS = 500;

  /**
   * How many session timeouts the broker waits at most, after a crash, for its dead incarnation to
   * leave the metadata (KraftNode): unregistered at once, or else fenced by the controller one
   * session after it becomes active.
   */
  private static final int FENCE_WAIT_SESSIONS = 2;

  private final EmbeddedKafkaSettings settings;
  private KraftNode server;

  EmbeddedKafka(EmbeddedKafkaSettings settings) {
    this.settings = settings;
  }

  /**
   * Formats the data directory if it is new, starts the broker and waits until it answers.
   *
   * @throws EmbeddedKafkaException when a port is taken or the broker does not come up in time
   */
  public static EmbeddedKafka start(EmbeddedKafkaSettings settings, Duration timeout) {
    EmbeddedKafka kafka = new EmbeddedKafka(settings);
    kafka.startServer(timeout);
    return kafka;
  }

  /** The client address: {@code host:port}. */
  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** The data directory. */
  public Path dataDir() {
    return settings.dataDir();
  }

  private void startServer(Duration timeout) {
    ensurePortFree(settings.port(), EmbeddedKafkaSettings.PORT.name());
    ensurePortFree(settings.controllerPort(), EmbeddedKafkaSettings.CONTROLLER_PORT.name());
    if (settings.saslPort() != 0) {
      ensurePortFree(settings.saslPort(), EmbeddedKafkaSettings.SASL_PORT.name());
    }
    Properties props = brokerProperties();
    try {
      Files.createDirectories(settings.dataDir());
      if (Files.exists(settings.dataDir().resolve("meta.properties"))) {
        LOG.info("Resuming the embedded broker's data in {}", settings.dataDir());
      } else {
        format();
      }
    } catch (Exception e) {
      throw new EmbeddedKafkaException(
          "Cannot prepare the embedded broker's directory " + settings.dataDir() + ": " + e, e);
    }
    server = new KraftNode(new KafkaConfig(props));
    server.startup(
        settings.host() + ":" + settings.controllerPort(),
        settings.sessionTimeout().multipliedBy(FENCE_WAIT_SESSIONS));
    awaitReady(timeout);
  }

  private void format() throws Exception {
    String clusterId = Uuid.randomUuid().toString();
    new Formatter()
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setNodeId(NODE_ID)
        .setClusterId(clusterId)
        .addDirectory(settings.dataDir().toString())
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setControllerListenerName(CONTROLLER_LISTENER)
        .run();
    LOG.info("Formatted {} for the embedded broker, cluster id {}", settings.dataDir(), clusterId);
  }

  Properties brokerProperties() {
    String host = settings.host();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + settings.controllerPort());
    p.put(
        "listeners",
        CLIENT_LISTENER
            + "://"
            + host
            + ":"
            + settings.port()
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + settings.controllerPort());
    p.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + settings.port());
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    if (settings.saslPort() != 0) {
      addSaslListener(p);
    }
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", CLIENT_LISTENER);
    p.put("log.dirs", settings.dataDir().toString());
    // A laptop with two cores: a few threads do, and one replica is all there is.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    // After a crash (SIGKILL, OOM kill) the broker recovers every partition before it serves: a
    // few milliseconds of reading and a handful of fsyncs each (producer snapshot, leader epoch
    // and partition metadata files), so over the line's 300-odd partitions one thread spends ~10 s
    // waiting on the disk, not the CPU. Several threads wait at once (docs/performance.md).
    p.put("num.recovery.threads.per.data.dir", Integer.toString(RECOVERY_THREADS));
    p.put("num.replica.fetchers", "1");
    p.put("log.cleaner.threads", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("default.replication.factor", "1");
    // Pictures travel inline on images.submitted: let a record be as large as an upload may be.
    p.put("message.max.bytes", Integer.toString(BookSubmitter.MAX_REQUEST_BYTES));
    // Kafka Streams and the CLI's consumers join groups: no reason to wait for more members.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Broker and controller share this JVM, so a heartbeat never crosses a network: a late one
    // means the JVM was starved, and a fenced broker leaves every partition without a leader
    // until it is heard again (and a transaction marker sent in that window can be dropped for
    // good: KraftNode). So the session is Kafka's 9 s (embedded.kafka.session.timeout), and the
    // heartbeat comes every 500 ms at most, to be unfenced soon after a start. A restart after a
    // crash does not wait for the dead incarnation's session: KraftNode unregisters it.
    long sessionMs = settings.sessionTimeout().toMillis();
    p.put("broker.session.timeout.ms", Long.toString(sessionMs));
    p.put(
        "broker.heartbeat.interval.ms",
        Long.toString(Math.max(100, Math.min(HEARTBEAT_MS, sessionMs / 6))));
    return p;
  }

  /**
   * A second client listener where clients log in with SASL/PLAIN, users from {@code
   * embedded.kafka.sasl.users}. The services of the app keep the plain listener on {@code host};
   * this one shows that Kafka's SASL settings pass through {@code KAFKA_*} to every client.
   */
  private void addSaslListener(Properties p) {
    String listener = SASL_LISTENER + "://" + settings.host() + ":" + settings.saslPort();
    p.put("listeners", p.getProperty("listeners") + "," + listener);
    p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + listener);
    p.put(
        "listener.security.protocol.map",
        p.getProperty("listener.security.protocol.map") + "," + SASL_LISTENER + ":SASL_PLAINTEXT");
    p.put("listener.name.sasl.sasl.enabled.mechanisms", "PLAIN");
    StringBuilder jaas =
        new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
    settings
        .saslUsers()
        .forEach(
            (user, password) ->
                jaas.append(" user_")
                    .append(user)
                    .append("=\"")
                    .append(password.replace("\"", "\\\""))
                    .append('"'));
    p.put("listener.name.sasl.plain.sasl.jaas.config", jaas.append(';').toString());
  }

  private void awaitReady(Duration timeout) {
    Map<String, Object> adminProps =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis());
    try (Admin admin = Admin.create(adminProps)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            LOG.info("Embedded Kafka broker ready at {}", bootstrapServers());
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            close();
            throw new EmbeddedKafkaException(
                "The embedded broker did not answer at "
                    + bootstrapServers()
                    + " within "
                    + timeout.toSeconds()
                    + "s: "
                    + e.getMessage(),
                e);
          }
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new EmbeddedKafkaException("Interrupted while starting the embedded broker", e);
    }
  }

  private void ensurePortFree(int port, String key) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(settings.host(), port));
    } catch (IOException e) {
      throw new EmbeddedKafkaException(
          "Port "
              + port
              + " on "
              + settings.host()
              + " is in use, so the embedded broker cannot start. Is another Fablestream (or"
              + " Kafka) running? Use that broker with KAFKA_BOOTSTRAP_SERVERS="
              + settings.host()
              + ":"
              + port
              + ", or pick another port with "
              + key
              + ".",
          e);
    }
  }

  /** Stops the broker and waits for it; safe to call twice. */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server = null;
    LOG.info("Embedded Kafka broker stopped");
  }

  /** The embedded broker could not start; the message says why and what to do. */
  public static final class EmbeddedKafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EmbeddedKafkaException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
