package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.memory.qdrant.QdrantSettings;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.OllamaSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every credential the app can be given (the API token, Ollama's headers, the OpenAI API key,
 * Qdrant's API key, Kafka's SASL and TLS passwords through KAFKA_*) stays out of what the app
 * shows: its settings as text and what the CLI prints when a setting is wrong.
 */
class SecretsStayHiddenTest {
  private static final List<String> SECRETS =
      List.of(
          "tok-7Q2x", "hdr-9Lw3", "qk-4Rt8", "jaas-6Yp1", "ks-2Mn5", "oauth-8Zc4", "sk-oa-3Hv6");

  @TempDir Path dir;

  private static Map<String, String> withSecrets(Path dataDir) {
    Map<String, String> values = new HashMap<>(LineTestConfig.values(dataDir));
    values.putAll(
        Map.of(
            "api.token", "tok-7Q2x",
            "ollama.headers", "Authorization=Bearer hdr-9Lw3;X-Team=stories",
            "qdrant.api.key", "qk-4Rt8",
            "openai.api.key", "sk-oa-3Hv6",
            "kafka.security.protocol", "SASL_SSL",
            "kafka.sasl.mechanism", "PLAIN",
            "kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"app\" password=\"jaas-6Yp1\";",
            "kafka.ssl.truststore.password", "ks-2Mn5",
            "kafka.sasl.oauthbearer.client.credentials.client.secret", "oauth-8Zc4"));
    return values;
  }

  @Test
  void settingsAsTextNameEachCredentialButNeverShowIt() {
    Config config = Config.of(withSecrets(dir));

    String shown =
        String.join(
            "\n",
            ApiSettings.from(config).toString(),
            OllamaSettings.from(config).toString(),
            ModelSettings.from(config).toString(),
            QdrantSettings.from(config).toString(),
            KafkaSettings.from(config).toString());

    for (String secret : SECRETS) {
      assertThat(shown).doesNotContain(secret);
    }
    assertThat(shown)
        .contains("token=set", "headers=[Authorization, X-Team]", "apiKey=(set)")
        .contains("OpenAiSettings[baseUrl=https://api.openai.com/v1, apiKey=(set)")
        .contains("sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]")
        .contains("sasl.mechanism=PLAIN");
  }

  @Test
  void cliRefusingABadSettingNeverEchoesACredential() {
    Map<String, String> values = withSecrets(dir.resolve("data"));
    values.put("http.port", "not-a-port");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = LineTestConfig.cli(values, out, err, "serve");

    String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(printed).contains("http.port");
    for (String secret : SECRETS) {
      assertThat(printed).doesNotContain(secret);
    }
  }

  @Test
  void malformedOllamaHeadersAreRefusedWithoutShowingThem() {
    Map<String, String> values = withSecrets(dir.resolve("data"));
    values.put("ollama.headers", "Bearer hdr-9Lw3");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = LineTestConfig.cli(values, new ByteArrayOutputStream(), err, "serve");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ollama.headers");
    for (String secret : SECRETS) {
      assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
    }
  }
}
