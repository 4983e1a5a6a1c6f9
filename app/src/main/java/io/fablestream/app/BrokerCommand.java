package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.service.BrokerUnreachableException;
import io.fablestream.platform.service.TopicInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;

/**
 * The embedded KRaft broker alone, on its data directory, with its listeners: the cluster of a line
 * whose services and API run as processes of their own on one machine, without Docker.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the embedded Kafka broker alone (KRaft, broker and controller in one node) until",
      "stopped: clients at embedded.kafka.host:embedded.kafka.port (default localhost:9092),",
      "data in embedded.kafka.dir (default <data.dir>/kafka). It creates the line's topics.",
      "Then `fablestream service NAME` and `fablestream api`, with",
      "KAFKA_BOOTSTRAP_SERVERS=localhost:9092, use it as any cluster (docs/operations.md)."
    })
final class BrokerCommand extends CliCommand {
  BrokerCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Config config = config();
    KafkaSettings kafka = KafkaSettings.from(config);
    EmbeddedKafkaSettings given = EmbeddedKafkaSettings.from(config);
    // Whatever cluster the environment names for the clients, this command is the broker.
    EmbeddedKafkaSettings settings =
        new EmbeddedKafkaSettings(
            true,
            given.host(),
            given.port(),
            given.controllerPort(),
            given.dataDir(),
            given.saslPort(),
            given.saslUsers(),
            given.sessionTimeout());
    try (UntilStopped signal = UntilStopped.onShutdown("fablestream-broker-stop");
        EmbeddedKafka broker = EmbeddedKafka.start(settings, kafka.startTimeout())) {
      if (kafka.createTopics()) {
        createLineTopics(broker.bootstrapServers(), kafka);
      }
      context
          .out()
          .println(
              "Kafka: embedded broker at "
                  + broker.bootstrapServers()
                  + " (data in "
                  + broker.dataDir()
                  + ")");
      context
          .out()
          .println(
              "Ready. Start the line on it: KAFKA_BOOTSTRAP_SERVERS="
                  + broker.bootstrapServers()
                  + " fablestream service chapter (and analyzer, indexer, summarizer, api)");
      signal.await(context);
    }
    return ExitCodes.OK;
  }

  /** The event topics and every service's dead-letter topic, with the line's partition count. */
  private static void createLineTopics(String bootstrap, KafkaSettings kafka)
      throws InterruptedException {
    Map<String, Object> props =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) Math.min(Integer.MAX_VALUE, kafka.startTimeout().toMillis()));
    try (Admin admin = Admin.create(props)) {
      List<String> services = new ArrayList<>(LineServices.names());
      // The API's read model runs as Kafka Streams app fablestream-api, with a dead-letter topic
      // too.
      services.add("api");
      TopicInitializer.ensure(admin, TopicInitializer.lineTopics(services), kafka);
    } catch (ExecutionException | TimeoutException e) {
      throw new BrokerUnreachableException(
          "Cannot create the topics on " + bootstrap + ": " + e.getMessage(), e);
    }
  }
}
