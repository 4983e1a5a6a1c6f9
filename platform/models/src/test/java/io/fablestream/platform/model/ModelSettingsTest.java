package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSettingsTest {
  @TempDir Path dir;

  private static ModelSettings fromEnv(Map<String, String> env) {
    return ModelSettings.from(Config.load((Path) null, env));
  }

  @Test
  void theProviderNeutralKeysNameTheModels() {
    ModelSettings models =
        fromEnv(
            Map.of(
                "FABLESTREAM_MODEL_VISION", "qwen2.5vl:7b",
                "FABLESTREAM_MODEL_TEXT", "qwen2.5:14b",
                "FABLESTREAM_MODEL_JUDGE", "qwen2.5:7b"));

    assertThat(models.models()).containsExactly("qwen2.5vl:7b", "qwen2.5:14b", "qwen2.5:7b");
    assertThat(models.model(ModelRole.JUDGE)).isEqualTo("qwen2.5:7b");
  }

  @Test
  void theOllamaKeysOfBeforeStillSetThemAsAliases() {
    ModelSettings models =
        fromEnv(
            Map.of(
                "FABLESTREAM_OLLAMA_VISION_MODEL", "llava:13b",
                "FABLESTREAM_OLLAMA_TEXT_MODEL", "mistral:7b",
                "FABLESTREAM_OLLAMA_TIMEOUT", "90s",
                "FABLESTREAM_OLLAMA_RETRIES", "1"));

    assertThat(models.visionModel()).isEqualTo("llava:13b");
    assertThat(models.textModel()).isEqualTo("mistral:7b");
    assertThat(models.judgeModel()).isEqualTo("mistral:7b");
    assertThat(models.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(models.backoff().retries()).isEqualTo(1);
  }

  @Test
  void whenAKeyAndItsAliasAreBothSetTheKeyWinsWhicheverLayerEachIsIn() throws IOException {
    Path file = Files.writeString(dir.resolve("f.properties"), "model.text = from-the-file\n");

    ModelSettings models =
        ModelSettings.from(
            Config.load(file, Map.of("FABLESTREAM_OLLAMA_TEXT_MODEL", "from-the-environment")));

    assertThat(models.textModel()).isEqualTo("from-the-file");
  }

  @Test
  void aWrongValueOfAnAliasNamesTheAliasThatWasSet() {
    assertThatThrownBy(() -> fromEnv(Map.of("FABLESTREAM_OLLAMA_RETRIES", "50")))
        .hasMessage(
            "Invalid configuration: ollama.retries (environment FABLESTREAM_OLLAMA_RETRIES)"
                + " is '50': expected a whole number from 0 to 20.");
  }

  @Test
  void eachRoleHasItsTemperatureAndAnEmptyOneKeepsTheModels() {
    ModelSettings models =
        fromEnv(
            Map.of(
                "FABLESTREAM_MODEL_TEXT_TEMPERATURE", "0.9",
                "FABLESTREAM_MODEL_JUDGE_TEMPERATURE", ""));

    assertThat(models.temperature(ModelRole.TEXT)).hasValue(0.9);
    assertThat(models.temperature(ModelRole.JUDGE)).isEmpty();
    assertThat(models.temperature(ModelRole.VISION)).hasValue(0.2);
    assertThatThrownBy(() -> fromEnv(Map.of("FABLESTREAM_MODEL_TEXT_TEMPERATURE", "3")))
        .hasMessageContaining("model.text.temperature")
        .hasMessageContaining("a number from 0.0 to 2.0");
  }

  @Test
  void theOpenAiSettingsComeFromTheVariablesOpenAiClientsRead() {
    ModelSettings models =
        fromEnv(
            Map.of(
                "FABLESTREAM_MODEL_PROVIDER", "openai",
                "OPENAI_BASE_URL", "http://gpu-box:8000/v1/",
                "OPENAI_API_KEY", "sk-local-123",
                "FABLESTREAM_OPENAI_MAX_CONTEXT", "16384"));

    assertThat(models.provider()).isEqualTo(ModelSettings.Provider.OPENAI);
    assertThat(models.openAi())
        .isEqualTo(new OpenAiSettings(URI.create("http://gpu-box:8000/v1"), "sk-local-123", 16384));
    assertThat(models.maxContext()).isEqualTo(16384);
    assertThat(models.toString()).doesNotContain("sk-local-123").contains("apiKey=(set)");
  }

  @Test
  void openAiItselfIsRefusedWithoutAKeyAndALocalServerIsNot() {
    assertThatThrownBy(() -> fromEnv(Map.of("FABLESTREAM_MODEL_PROVIDER", "openai")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "Invalid configuration: openai.api.key (environment OPENAI_API_KEY) must be set");
    assertThat(
            fromEnv(
                    Map.of(
                        "FABLESTREAM_MODEL_PROVIDER", "openai",
                        "OPENAI_BASE_URL", "http://localhost:8080/v1"))
                .openAi()
                .apiKey())
        .isEmpty();
    assertThatThrownBy(() -> fromEnv(Map.of("FABLESTREAM_MODEL_PROVIDER", "gemini")))
        .hasMessageContaining("expected one of ollama, openai");
  }

  @Test
  void ollamaOptionsAreTypedAsOllamasJsonWantsThem() {
    OllamaSettings ollama =
        fromEnv(
                Map.of(
                    "FABLESTREAM_OLLAMA_OPTIONS",
                    "num_gpu=40; num_thread=8;temperature=0.8;use_mmap=false;num_ctx=16384"))
            .ollama();

    assertThat(ollama.options())
        .isEqualTo(
            Map.of(
                "num_gpu",
                40L,
                "num_thread",
                8L,
                "temperature",
                0.8,
                "use_mmap",
                false,
                "num_ctx",
                16384));
    assertThat(ollama.fixedContext()).isEqualTo(16384);
    assertThat(ollama.contextCap()).isEqualTo(16384);
  }

  @Test
  void ollamaOptionsRefuseWhatCannotWork() {
    assertThatThrownBy(() -> fromEnv(Map.of("FABLESTREAM_OLLAMA_OPTIONS", "num_predict=100")))
        .hasMessageContaining("ollama.options (environment FABLESTREAM_OLLAMA_OPTIONS)")
        .hasMessageContaining("without num_predict");
    assertThatThrownBy(() -> fromEnv(Map.of("FABLESTREAM_OLLAMA_OPTIONS", "num_gpu")))
        .hasMessageContaining("name=value pairs separated by ';'");
    assertThatThrownBy(() -> fromEnv(Map.of("FABLESTREAM_OLLAMA_OPTIONS", "num_ctx=lots")))
        .hasMessageContaining("a num_ctx that is a whole number of tokens");
  }

  @Test
  void keepAliveIsWrittenAsTheGoDurationOllamaParses() {
    Map<String, String> written =
        Map.of("-1", "-1m", "0", "0s", "30m", "30m", "3600", "3600s", "1d", "24h", "", "");
    written.forEach(
        (value, sent) ->
            assertThat(fromEnv(Map.of("FABLESTREAM_OLLAMA_KEEP_ALIVE", value)).ollama().keepAlive())
                .as(value)
                .isEqualTo(sent));
    assertThatThrownBy(() -> fromEnv(Map.of("FABLESTREAM_OLLAMA_KEEP_ALIVE", "soon")))
        .hasMessageContaining("ollama.keep.alive")
        .hasMessageContaining("a duration such as 30m or 2h, -1 or 0");
  }

  @Test
  void aCallsBoundIsEveryAttemptAtTheTimeoutAndEveryPauseAtItsLongest() {
    Map<String, String> env =
        Map.of(
            "FABLESTREAM_MODEL_TIMEOUT", "10s",
            "FABLESTREAM_MODEL_RETRIES", "2",
            "FABLESTREAM_MODEL_RETRY_BACKOFF", "1s");

    // Three attempts of 10 s and pauses of 1 s and 2 s.
    assertThat(fromEnv(env).callBound()).isEqualTo(Duration.ofSeconds(33));
    Map<String, String> openAi = new java.util.HashMap<>(env);
    openAi.put("FABLESTREAM_MODEL_PROVIDER", "openai");
    openAi.put("OPENAI_BASE_URL", "http://localhost:8000/v1");
    // Retry-After may stretch both pauses to a minute; a schema refusal costs one attempt more.
    assertThat(fromEnv(openAi).callBound()).isEqualTo(Duration.ofSeconds(30 + 120 + 10));
  }
}
