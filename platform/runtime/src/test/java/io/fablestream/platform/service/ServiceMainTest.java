package io.fablestream.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.registry.TestSchemaRegistry;
import io.fablestream.schemas.EventSerdes;
import io.fablestream.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
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

  @Test
  void aSchemaTheRegistryWouldRefuseStopsTheStartWithOneLineNamingSubjectAndReason() {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
      registry.register(
          "fablestream.chapters.indexed-value",
          SchemaBuilder.record("ChapterIndexed")
              .namespace("io.fablestream.events")
              .fields()
              .requiredString("bookId")
              .requiredInt("chapterNumber")
              .endRecord());
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int code = startWritingChaptersIndexed(registry, err, Map.of());

      assertThat(code).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8).lines())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("Subject fablestream.chapters.indexed-value")
          .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
          .contains("chunkCount");
      assertThat(registry.requests())
          .containsExactly(
              "POST /compatibility/subjects/fablestream.chapters.indexed-value/versions/latest");
    } finally {
      EventSerdes.useDefault();
    }
  }

  @Test
  void withoutAutoRegisterAMissingSubjectStopsTheStartNamingIt() {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int code =
          startWritingChaptersIndexed(
              registry, err, Map.of("schema.registry.auto.register", "false"));

      assertThat(code).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("Subject fablestream.chapters.indexed-value")
          .contains("schema.registry.auto.register is false")
          .doesNotContain("Cannot reach Kafka");
      assertThat(registry.subjects()).isEmpty();
    } finally {
      EventSerdes.useDefault();
    }
  }

  private static int startWritingChaptersIndexed(
      TestSchemaRegistry registry, ByteArrayOutputStream err, Map<String, String> more) {
    Map<String, String> values = new HashMap<>(more);
    values.put("kafka.bootstrap.servers", "127.0.0.1:9");
    values.put("start.timeout", "3s");
    values.put("http.port", "0");
    values.put("serde.format", "registry");
    values.put("schema.registry.url", registry.url().toString());
    return ServiceMain.execute(
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
                StreamsBuilder builder = new StreamsBuilder();
                Topics.CHAPTERS_INDEXED.to(Topics.CHAPTERS_INDEXED.stream(builder));
                return builder.build();
              }
            },
        io.fablestream.platform.config.Config.of(values));
  }
}
