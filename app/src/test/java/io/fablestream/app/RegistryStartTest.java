package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.registry.TestSchemaRegistry;
import io.fablestream.schemas.EventSerdes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code serde.format=registry}, a command that would write a schema the registry refuses
 * stops at start with exit 1 and one line naming the subject, before it reaches Kafka (nothing
 * listens on the broker address here).
 */
class RegistryStartTest {
  private final TestSchemaRegistry registry = TestSchemaRegistry.start();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    registry.close();
    EventSerdes.useDefault();
  }

  private Map<String, String> settings(Map<String, String> more) {
    Map<String, String> values = new HashMap<>(more);
    values.put("data.dir", dir.toString());
    values.put("kafka.bootstrap.servers", "127.0.0.1:9");
    values.put("start.timeout", "3s");
    values.put("http.port", "0");
    values.put("serde.format", "registry");
    values.put("schema.registry.url", registry.url().toString());
    return values;
  }

  @Test
  void aServiceWhoseSubjectWouldRefuseItsSchemaExitsOneNamingSubjectAndReason() {
    registry.register(
        "fablestream.analysis.ready-value",
        SchemaBuilder.record("AnalysisReady")
            .namespace("io.fablestream.events")
            .fields()
            .requiredString("bookId")
            .endRecord());

    int code = LineTestConfig.cli(settings(Map.of()), out, err, "service", "analyzer");

    assertThat(code).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Subject fablestream.analysis.ready-value")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
  }

  @Test
  void submitWithoutAutoRegisterRefusesASubjectThatLacksTheSchema() {
    int code =
        LineTestConfig.cli(
            settings(Map.of("schema.registry.auto.register", "false")),
            out,
            err,
            "submit",
            "../docs/samples/chelsea.png");

    assertThat(code).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Subject fablestream.images.submitted-value")
        .contains("schema.registry.auto.register is false");
    assertThat(registry.subjects()).isEmpty();
  }
}
