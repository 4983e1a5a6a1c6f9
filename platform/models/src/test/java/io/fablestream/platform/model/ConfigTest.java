package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.HttpSettings;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.retry.Backoff;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {
  @TempDir Path dir;

  private static Config env(Map<String, String> env) {
    return Config.load((Path) null, env);
  }

  private Path file(String text) throws IOException {
    Path file = dir.resolve("fablestream.properties");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void withNothingSetEveryKeyHasItsDefault() {
    Config config = env(Map.of());

    assertThat(OllamaSettings.from(config))
        .isEqualTo(
            new OllamaSettings(
                URI.create("http://localhost:11434"), Map.of(), 32768, Map.of(), ""));
    ModelSettings models = ModelSettings.from(config);
    assertThat(models.provider()).isEqualTo(ModelSettings.Provider.OLLAMA);
    assertThat(models.models()).containsExactly("llava:7b", "llama3.1:8b");
    assertThat(models.judgeModel()).isEqualTo("llama3.1:8b");
    assertThat(models.requestTimeout()).isEqualTo(Duration.ofSeconds(180));
    assertThat(models.backoff())
        .isEqualTo(new Backoff(3, Duration.ofSeconds(1), Duration.ofMinutes(1)));
    assertThat(models.temperature(ModelRole.VISION)).hasValue(0.2);
    assertThat(models.temperature(ModelRole.TEXT)).isEmpty();
    assertThat(models.temperature(ModelRole.JUDGE)).hasValue(0.0);
    assertThat(models.openAi())
        .isEqualTo(new OpenAiSettings(URI.create("https://api.openai.com/v1"), "", 32768));
    assertThat(HttpSettings.from(config)).isEqualTo(new HttpSettings("127.0.0.1", 8000));
    KafkaSettings kafka = KafkaSettings.from(config);
    assertThat(kafka.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(kafka.partitions()).isEqualTo(12);
    assertThat(kafka.startTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(kafka.clientProperties()).isEmpty();
    assertThat(config.kafkaProperties()).isEmpty();
  }

  @Test
  void theFileOverridesTheDefaultsAndTheEnvironmentOverridesTheFile() throws IOException {
    Path file =
        file(
            """
            model.text = mistral:7b
            model.timeout = 90s
            http.port = 9000
            """);

    Config config = Config.load(file, Map.of("FABLESTREAM_MODEL_TIMEOUT", "45s"));

    ModelSettings models = ModelSettings.from(config);
    assertThat(models.textModel()).isEqualTo("mistral:7b");
    assertThat(models.judgeModel()).isEqualTo("mistral:7b");
    assertThat(models.requestTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(models.visionModel()).isEqualTo("llava:7b");
    assertThat(HttpSettings.from(config).port()).isEqualTo(9000);
  }

  @Test
  void fablestreamConfigNamesTheFileWhenNoneIsGiven() throws IOException {
    Path file = file("topics.partitions=3\n");

    Config config = env(Map.of("FABLESTREAM_CONFIG", file.toString()));

    assertThat(KafkaSettings.from(config).partitions()).isEqualTo(3);
  }

  @Test
  void aMissingFileFailsWithItsName() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> Config.load(missing, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Cannot read the config file " + missing);
  }

  @Test
  void kafkaVariablesBecomeKafkaClientKeys() {
    Config config =
        env(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092",
                "KAFKA_MAX_POLL_INTERVAL_MS", "900000",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "KAFKA_", "ignored",
                "PATH", "/usr/bin"));

    assertThat(config.kafkaProperties())
        .isEqualTo(
            Map.of(
                "bootstrap.servers", "broker-1:9092,broker-2:9092",
                "max.poll.interval.ms", "900000",
                "security.protocol", "SASL_SSL"));
    KafkaSettings kafka = KafkaSettings.from(config);
    assertThat(kafka.bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
    assertThat(kafka.clientProperties())
        .isEqualTo(Map.of("max.poll.interval.ms", "900000", "security.protocol", "SASL_SSL"));
  }

  @Test
  void fablestreamVariablesSetOurKeys() {
    Config config =
        env(
            Map.of(
                "FABLESTREAM_TOPICS_PARTITIONS", "6",
                "FABLESTREAM_STREAMS_THREADS", "4",
                "FABLESTREAM_MODEL_RETRY_BACKOFF", "250ms"));

    assertThat(KafkaSettings.from(config).partitions()).isEqualTo(6);
    assertThat(KafkaSettings.from(config).streamThreads()).isEqualTo(4);
    assertThat(ModelSettings.from(config).backoff().first()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void ollamaHostIsReadAsOllamaReadsIt() {
    assertThat(OllamaSettings.from(env(Map.of("OLLAMA_HOST", "http://gpu-box:11434"))).host())
        .isEqualTo(URI.create("http://gpu-box:11434"));
    assertThat(OllamaSettings.from(env(Map.of("OLLAMA_HOST", "ollama"))).host())
        .isEqualTo(URI.create("http://ollama:11434"));
    assertThat(OllamaSettings.from(env(Map.of("OLLAMA_HOST", "ollama:8080"))).host())
        .isEqualTo(URI.create("http://ollama:8080"));
    assertThat(OllamaSettings.from(env(Map.of("OLLAMA_HOST", "https://llm.example.org"))).host())
        .isEqualTo(URI.create("https://llm.example.org"));
  }

  @Test
  void aFablestreamVariableWinsOverTheGenericOneWhateverTheOrder() {
    Map<String, String> genericFirst = new LinkedHashMap<>();
    genericFirst.put("OLLAMA_HOST", "http://shared:11434");
    genericFirst.put("FABLESTREAM_OLLAMA_HOST", "http://ours:11434");
    genericFirst.put("KAFKA_BOOTSTRAP_SERVERS", "shared:9092");
    genericFirst.put("FABLESTREAM_KAFKA_BOOTSTRAP_SERVERS", "ours:9092");
    Map<String, String> oursFirst = new LinkedHashMap<>();
    oursFirst.put("FABLESTREAM_OLLAMA_HOST", "http://ours:11434");
    oursFirst.put("OLLAMA_HOST", "http://shared:11434");
    oursFirst.put("FABLESTREAM_KAFKA_BOOTSTRAP_SERVERS", "ours:9092");
    oursFirst.put("KAFKA_BOOTSTRAP_SERVERS", "shared:9092");

    for (Map<String, String> env : java.util.List.of(genericFirst, oursFirst)) {
      Config config = env(env);
      assertThat(OllamaSettings.from(config).host()).isEqualTo(URI.create("http://ours:11434"));
      assertThat(KafkaSettings.from(config).bootstrapServers()).isEqualTo("ours:9092");
    }
  }

  /** A wrong value fails naming its key, its variable, the value as written and what it wants. */
  @ParameterizedTest(name = "{1}={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "kafka  | FABLESTREAM_TOPICS_PARTITIONS | twelve         | topics.partitions"
            + " | a whole number from 1 to 10000",
        "model  | FABLESTREAM_MODEL_RETRIES     | 50             | model.retries"
            + " | a whole number from 0 to 20",
        "ollama | OLLAMA_HOST                   | ftp://files:21 | ollama.host"
            + " | an http or https URL such as http://host:port",
        "kafka  | FABLESTREAM_TOPICS_CREATE     | Maybe          | topics.create"
            + " | true or false",
      })
  void aWrongValueFailsWithTheKeyItsVariableTheValueAndWhatItWants(
      String settings, String variable, String value, String key, String wanted) {
    Function<Config, Object> from =
        switch (settings) {
          case "kafka" -> KafkaSettings::from;
          case "model" -> ModelSettings::from;
          default -> OllamaSettings::from;
        };

    assertThatThrownBy(() -> from.apply(env(Map.of(variable, value))))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid configuration: %s (environment %s) is '%s': expected %s.",
            key, variable, value, wanted);
  }

  @ParameterizedTest
  @CsvSource({
    "30s, PT30S",
    "500ms, PT0.5S",
    "PT1M, PT1M",
    "pt90s, PT1M30S",
    "2m, PT2M",
    "1h, PT1H",
    "1d, PT24H",
    "10 S, PT10S"
  })
  void durationsAreReadInShortOrIsoForm(String written, String meant) {
    Config config = Config.of(Map.of("model.timeout", written));

    assertThat(config.duration(ModelSettings.TIMEOUT)).isEqualTo(Duration.parse(meant));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"30", "soon", "1.5s", "-5s", "99999999999999999999s", "9999999999999999d"})
  void aWrongDurationFailsWithTheKeyAndTheValue(String written) {
    Config config = Config.of(Map.of("model.timeout", written));

    assertThatThrownBy(() -> config.duration(ModelSettings.TIMEOUT))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid configuration: model.timeout (environment FABLESTREAM_MODEL_TIMEOUT) is '"
                + written
                + "': expected a duration such as 500ms, 30s, 2m or PT30S.");
  }

  @Test
  void aZeroDurationIsRefused() {
    Config config = Config.of(Map.of("model.timeout", "0s"));

    assertThatThrownBy(() -> config.duration(ModelSettings.TIMEOUT))
        .hasMessageEndingWith("is '0s': expected a duration longer than zero.");
  }

  @Test
  void headersAreReadAsPairsAndTheirValuesNeverShown() {
    Config config =
        env(Map.of("FABLESTREAM_OLLAMA_HEADERS", "Authorization=Bearer s3cret ; X-Team=a=b"));

    OllamaSettings settings = OllamaSettings.from(config);

    assertThat(settings.headers())
        .isEqualTo(Map.of("Authorization", "Bearer s3cret", "X-Team", "a=b"));
    assertThat(settings.toString()).doesNotContain("s3cret").contains("Authorization");
  }

  @Test
  void aMalformedHeaderNamesTheKeyButNotTheValue() {
    Config config = env(Map.of("FABLESTREAM_OLLAMA_HEADERS", "Bearer s3cret"));

    assertThatThrownBy(() -> OllamaSettings.from(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ollama.headers (environment FABLESTREAM_OLLAMA_HEADERS)")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void eachKeyNamesTheVariableThatSetsIt() {
    assertThat(OllamaSettings.HOST.envName()).isEqualTo("OLLAMA_HOST");
    assertThat(ModelSettings.TIMEOUT.envName()).isEqualTo("FABLESTREAM_MODEL_TIMEOUT");
    assertThat(ModelSettings.VISION_MODEL.envName()).isEqualTo("FABLESTREAM_MODEL_VISION");
    assertThat(OpenAiSettings.BASE_URL.envName()).isEqualTo("OPENAI_BASE_URL");
    assertThat(OpenAiSettings.API_KEY.envName()).isEqualTo("OPENAI_API_KEY");
    assertThat(KafkaSettings.BOOTSTRAP_SERVERS.envName()).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
    assertThat(KafkaSettings.PARTITIONS.envName()).isEqualTo("FABLESTREAM_TOPICS_PARTITIONS");
  }

  @Test
  void anExplicitValueWinsOverTheDefault() {
    Config config = Config.of(Map.of()).with("http.port", "0");

    assertThat(config.isSet(HttpSettings.PORT)).isTrue();
    assertThat(config.isSet(HttpSettings.BIND)).isFalse();
    assertThat(HttpSettings.from(config).port()).isZero();
  }
}
