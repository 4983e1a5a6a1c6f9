package io.fablestream.app;

import io.fablestream.platform.config.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;

/** Client settings for the app's own producers and consumers, from the shared Kafka settings. */
final class KafkaClients {
  private KafkaClients() {}

  /**
   * The bootstrap servers and those {@code KAFKA_*} settings a client of this kind knows (security,
   * timeouts), so a Streams-only setting does not make a plain client warn.
   */
  static Map<String, Object> properties(KafkaSettings kafka, Set<String> known) {
    Map<String, Object> props = new HashMap<>();
    kafka
        .clientProperties()
        .forEach(
            (k, v) -> {
              if (known.contains(k)) {
                props.put(k, v);
              }
            });
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return props;
  }
}
