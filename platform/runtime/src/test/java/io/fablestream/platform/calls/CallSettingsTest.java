package io.fablestream.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.KafkaSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallSettingsTest {
  @Test
  void byDefaultOneModelCallAtATimeAndOneStreamThreadPerService() {
    Config config = Config.of(Map.of());

    assertThat(CallSettings.from(config)).isEqualTo(new CallSettings(1, 2, 1));
    assertThat(KafkaSettings.from(config).streamThreads()).isEqualTo(1);
    assertThat(KafkaSettings.from(config).partitions()).isEqualTo(12);
  }

  @Test
  void modelParallelismBoundsTheCallsAndLeavesThreadsAndPartitionsAlone() {
    Config config = Config.load(null, Map.of("FABLESTREAM_MODEL_PARALLELISM", "8"));

    assertThat(CallSettings.from(config).modelParallelism()).isEqualTo(8);
    assertThat(KafkaSettings.from(config).streamThreads()).isEqualTo(1);
    assertThat(KafkaSettings.from(config).partitions()).isEqualTo(12);
  }

  @Test
  void imageCallsHaveTheirOwnParallelism() {
    Config config = Config.load(null, Map.of("FABLESTREAM_IMAGE_PARALLELISM", "3"));

    assertThat(CallSettings.from(config)).isEqualTo(new CallSettings(1, 2, 3));
    assertThatThrownBy(() -> CallSettings.from(Config.of(Map.of("image.parallelism", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("image.parallelism");
  }

  @Test
  void aModelParallelismThatIsNotAPositiveNumberNamesTheKey() {
    assertThatThrownBy(() -> CallSettings.from(Config.of(Map.of("model.parallelism", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.parallelism")
        .hasMessageContaining("FABLESTREAM_MODEL_PARALLELISM");
    assertThatThrownBy(() -> CallSettings.from(Config.of(Map.of("model.parallelism", "many"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.parallelism");
  }
}
