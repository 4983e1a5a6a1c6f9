package io.fablestream.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelParallelismTest {

  @Test
  void withoutModelParallelismThreadsAndPartitionsKeepTheirDefaults() {
    KafkaSettings kafka = KafkaSettings.from(Config.of(Map.of()));

    assertThat(kafka.streamThreads()).isEqualTo(2);
    assertThat(kafka.partitions()).isEqualTo(12);
  }

  @Test
  void modelParallelismGivesTwiceItsThreadsAndPartitionsAMultipleOfThose() {
    KafkaSettings eight = KafkaSettings.from(Config.of(Map.of("model.parallelism", "8")));
    KafkaSettings five = KafkaSettings.from(Config.of(Map.of("model.parallelism", "5")));
    KafkaSettings one = KafkaSettings.from(Config.of(Map.of("model.parallelism", "1")));

    assertThat(eight.streamThreads()).isEqualTo(16);
    assertThat(eight.partitions()).isEqualTo(32);
    assertThat(five.streamThreads()).isEqualTo(10);
    assertThat(five.partitions()).isEqualTo(20);
    assertThat(one.streamThreads()).isEqualTo(2);
    assertThat(one.partitions()).isEqualTo(12);
  }

  @Test
  void explicitThreadsAndPartitionsWinOverModelParallelism() {
    KafkaSettings kafka =
        KafkaSettings.from(
            Config.of(
                Map.of(
                    "model.parallelism", "8", "streams.threads", "3", "topics.partitions", "24")));

    assertThat(kafka.streamThreads()).isEqualTo(3);
    assertThat(kafka.partitions()).isEqualTo(24);
  }

  @Test
  void environmentSetsModelParallelism() {
    Config config = Config.load(null, Map.of("FABLESTREAM_MODEL_PARALLELISM", "4"));

    assertThat(KafkaSettings.from(config).streamThreads()).isEqualTo(8);
  }

  @Test
  void aModelParallelismThatIsNotANumberNamesTheKey() {
    assertThatThrownBy(() -> KafkaSettings.from(Config.of(Map.of("model.parallelism", "many"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.parallelism")
        .hasMessageContaining("many");
  }
}
