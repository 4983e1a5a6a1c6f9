package io.fablestream.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

class ServiceMainTest {
  @Test
  void theConfigFileComesFromTheConfigFlag() {
    assertThat(ServiceMain.configFile(new String[] {"--config", "/etc/fs.properties"}))
        .isEqualTo(Path.of("/etc/fs.properties"));
    assertThat(ServiceMain.configFile(new String[] {"--config=/etc/fs.properties"}))
        .isEqualTo(Path.of("/etc/fs.properties"));
    assertThat(ServiceMain.configFile(new String[0])).isNull();
  }

  @Test
  void anUnknownArgumentIsBadUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        ServiceMain.execute(
            new String[] {"--verbose"},
            new PrintStream(err, true, StandardCharsets.UTF_8),
            ctx -> null);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown argument: --verbose");
  }

  @Test
  void anUnreachableBrokerExitsNonZeroWithAPlainMessage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // Port 9 (discard) on loopback: nothing listens there; keep the wait short.
    int code =
        ServiceMain.execute(
            new String[0],
            new PrintStream(err, true, StandardCharsets.UTF_8),
            ctx ->
                new StreamsService() {
                  @Override
                  public String name() {
                    return "probe";
                  }

                  @Override
                  public org.apache.kafka.streams.Topology topology() {
                    return new StreamsBuilder().build();
                  }
                },
            io.fablestream.platform.config.Config.of(
                java.util.Map.of(
                    "kafka.bootstrap.servers", "127.0.0.1:9",
                    "start.timeout", "3s",
                    "http.port", "0")));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Cannot reach Kafka at 127.0.0.1:9")
        .contains("KAFKA_BOOTSTRAP_SERVERS");
  }
}
