package io.fablestream.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.retry.Backoff;
import io.fablestream.schemas.SchemaRegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {
  private static final Schema V1 =
      SchemaBuilder.record("Greeting")
          .namespace("io.fablestream.test")
          .fields()
          .requiredString("text")
          .endRecord();
  private static final Schema V2_WITH_DEFAULT =
      SchemaBuilder.record("Greeting")
          .namespace("io.fablestream.test")
          .fields()
          .requiredString("text")
          .name("lang")
          .type()
          .stringType()
          .stringDefault("en")
          .endRecord();
  private static final Schema V2_WITHOUT_DEFAULT =
      SchemaBuilder.record("Greeting")
          .namespace("io.fablestream.test")
          .fields()
          .requiredString("text")
          .requiredInt("loudness")
          .endRecord();

  private final TestSchemaRegistry registry = TestSchemaRegistry.start();
  private final List<Duration> pauses = new ArrayList<>();

  @AfterEach
  void stop() {
    registry.close();
  }

  private SchemaRegistryClient client(Map<String, String> more) {
    Map<String, String> values = new HashMap<>(more);
    values.put("schema.registry.url", registry.url().toString());
    values.putIfAbsent("serde.format", "registry");
    return new SchemaRegistryClient(
        RegistrySettings.from(Config.of(values)),
        new Backoff(3, Duration.ofMillis(100), Duration.ofSeconds(1)),
        d -> pauses.add(d));
  }

  private SchemaRegistryClient client() {
    return client(Map.of());
  }

  @Test
  void aSchemaRegisteredIsFoundByLookupAndById() {
    SchemaRegistryClient client = client();

    int id = client.register("greetings-value", V1);

    assertThat(client.lookup("greetings-value", V1)).hasValue(id);
    assertThat(client.lookup("greetings-value", V2_WITH_DEFAULT)).isEmpty();
    assertThat(client.lookup("no-such-value", V1)).isEmpty();
    assertThat(client(Map.of()).schemaById(id)).isEqualTo(V1);
    assertThat(client.latest("greetings-value"))
        .hasValue(new SchemaRegistryClient.Registered("greetings-value", id, 1, V1));
    assertThat(client.latest("no-such-value")).isEmpty();
  }

  @Test
  void idsAreCachedBothWaysSoEachSchemaCostsOneCall() {
    SchemaRegistryClient client = client();

    int id = client.idOf("greetings-value", V1);
    int again = client.idOf("greetings-value", V1);
    Schema byId = client.schemaOf(id);

    assertThat(again).isEqualTo(id);
    assertThat(byId).isEqualTo(V1);
    assertThat(registry.requests()).containsExactly("POST /subjects/greetings-value/versions");
  }

  @Test
  void aSchemaOfAnotherProducerIsFetchedOnceByItsId() {
    int id = registry.register("other-value", V2_WITH_DEFAULT);
    SchemaRegistryClient client = client();

    client.schemaOf(id);
    client.schemaOf(id);

    assertThat(registry.requests()).containsExactly("GET /schemas/ids/" + id);
  }

  @Test
  void withoutAutoRegisterAMissingSchemaIsRefusedNamingTheSubject() {
    SchemaRegistryClient client = client(Map.of("schema.registry.auto.register", "false"));

    assertThatThrownBy(() -> client.idOf("greetings-value", V1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("Subject greetings-value")
        .hasMessageContaining("schema.registry.auto.register is false");
    int id = registry.register("greetings-value", V1);
    assertThat(client.idOf("greetings-value", V1)).isEqualTo(id);
    assertThat(registry.subjects()).containsExactly("greetings-value");
  }

  @Test
  void aSubjectWithNoVersionCountsAsCompatibleAsConfluent7Answers() {
    SchemaRegistryClient client = client();

    assertThat(client.compatibility("greetings-value", V1))
        .isEqualTo(new SchemaRegistryClient.Compatibility(true, List.of()));
    assertThat(registry.requests())
        .containsExactly("POST /compatibility/subjects/greetings-value/versions/latest");
  }

  @Test
  void anIncompatibleSchemaIsRefusedAtTheCheckWithTheSubjectAndTheRegistrysReason() {
    registry.register("greetings-value", V1);
    SchemaRegistryClient client = client();

    assertThat(client.compatibility("greetings-value", V2_WITH_DEFAULT).compatible()).isTrue();
    assertThatThrownBy(() -> client.requireWritable("greetings-value", V2_WITHOUT_DEFAULT))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("Subject greetings-value")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
        .hasMessageContaining("loudness")
        .extracting(e -> ((SchemaRegistryException) e).errorCode())
        .isEqualTo(409);
    assertThat(registry.subjects()).containsExactly("greetings-value");
    assertThat(registry.latestId("greetings-value")).isEqualTo(registry.register("x-value", V1));
  }

  @Test
  void theCheckRunsEvenWhenTheSchemaIsRegisteredAlready() {
    int id = registry.register("greetings-value", V1);
    SchemaRegistryClient client = client();

    client.requireWritable("greetings-value", V1);

    assertThat(client.idOf("greetings-value", V1)).isEqualTo(id);
    assertThat(registry.requests())
        .containsExactly(
            "POST /compatibility/subjects/greetings-value/versions/latest",
            "POST /subjects/greetings-value/versions");
  }

  @Test
  void registeringAnIncompatibleSchemaGivesTheRegistrysMessage() {
    registry.register("greetings-value", V1);

    assertThatThrownBy(() -> client().register("greetings-value", V2_WITHOUT_DEFAULT))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("refuses the schema of subject greetings-value as incompatible")
        .hasMessageContaining("Schema being registered is incompatible");
  }

  @Test
  void anInvalidSchemaAndAMissingIdBecomeClearMessages() {
    SchemaRegistryClient client = client();
    registry.answerNext(422, 42201, "Invalid schema: a name is missing");

    assertThatThrownBy(() -> client.register("greetings-value", V1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("refuses the schema as invalid (42201")
        .hasMessageContaining("a name is missing");
    assertThatThrownBy(() -> client.schemaOf(99))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("has no such schema (40403, fetching schema id 99)");
  }

  @Test
  void aRegistryThatFailsForAWhileIsRetriedWithBackoff() {
    registry.failNext(2);

    int id = client().register("greetings-value", V1);

    assertThat(registry.schema(id)).isEqualTo(V1);
    assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aRegistryThatStaysDownIsNamedAfterTheLastAttempt() {
    registry.failNext(100);

    assertThatThrownBy(() -> client().register("greetings-value", V1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("did not answer registering the schema of subject greetings-value")
        .hasMessageContaining("after 4 attempts")
        .hasMessageContaining("HTTP 503");
    assertThat(pauses).hasSize(3);
  }

  @Test
  void basicAuthFromUserInfoOrFromTheUrlAndBearerAuthAreSent() {
    registry.requireBasicAuth("fable:s3cret");

    assertThat(
            client(Map.of("schema.registry.basic.auth.user.info", "fable:s3cret"))
                .idOf("a-value", V1))
        .isPositive();
    String url = registry.url().toString().replace("http://", "http://fable:s3cret@");
    RegistrySettings fromUrl =
        RegistrySettings.from(
            Config.of(
                Map.of(
                    "serde.format", "registry",
                    "schema.registry.url", url,
                    "schema.registry.basic.auth.credentials.source", "URL")));
    assertThat(fromUrl.url()).hasValue(registry.url());
    assertThat(new SchemaRegistryClient(fromUrl).idOf("a-value", V1)).isPositive();
    assertThatThrownBy(
            () ->
                client(Map.of("schema.registry.basic.auth.user.info", "fable:wrong"))
                    .idOf("a-value", V1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("refuses the credentials (401")
        .hasMessageContaining("schema.registry.basic.auth.user.info");

    registry.requireBearer("tkn-1");
    assertThat(client(Map.of("schema.registry.bearer.auth.token", "tkn-1")).schemaOf(1))
        .isEqualTo(V1);
  }

  @Test
  void theRegistryFormatWithoutAUrlIsABadSettingAndSecretsStayHidden() {
    assertThatThrownBy(() -> RegistrySettings.from(Config.of(Map.of("serde.format", "registry"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> RegistrySettings.from(Config.of(Map.of("serde.format", "confluent"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("serde.format");
    RegistrySettings settings =
        RegistrySettings.from(
            Config.of(
                Map.of(
                    "schema.registry.url", "https://registry.example:8081/",
                    "schema.registry.basic.auth.user.info", "key:sec-9Qw")));
    assertThat(settings.toString()).doesNotContain("sec-9Qw").contains("[hidden]");
    assertThat(settings.url())
        .isEqualTo(Optional.of(java.net.URI.create("https://registry.example:8081")));
  }
}
