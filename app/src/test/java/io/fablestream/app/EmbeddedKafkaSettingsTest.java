package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaSettingsTest {
  @Test
  void theControllerFencesASilentBrokerAfterNineSecondsUnlessSetAndHearsItEveryHalfSecondAtMost() {
    EmbeddedKafkaSettings defaults = EmbeddedKafkaSettings.from(Config.of(Map.of()));
    EmbeddedKafkaSettings set =
        EmbeddedKafkaSettings.from(Config.of(Map.of("embedded.kafka.session.timeout", "2s")));

    assertThat(defaults.sessionTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(broker(defaults).brokerProperties())
        .containsEntry("broker.session.timeout.ms", "9000")
        .containsEntry("broker.heartbeat.interval.ms", "500")
        .containsEntry("num.recovery.threads.per.data.dir", "4");
    assertThat(set.sessionTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(broker(set).brokerProperties())
        .containsEntry("broker.session.timeout.ms", "2000")
        .containsEntry("broker.heartbeat.interval.ms", "333");
  }

  @Test
  void aSessionShorterThanASecondIsRefusedByName() {
    assertThatThrownBy(
            () ->
                EmbeddedKafkaSettings.from(
                    Config.of(Map.of("embedded.kafka.session.timeout", "500ms"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embedded.kafka.session.timeout")
        .hasMessageContaining("a duration from 1s to 5m");
  }

  private static EmbeddedKafka broker(EmbeddedKafkaSettings settings) {
    return new EmbeddedKafka(settings);
  }
}
