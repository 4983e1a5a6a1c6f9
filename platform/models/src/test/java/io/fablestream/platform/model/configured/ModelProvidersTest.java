package io.fablestream.platform.model.configured;

import static io.fablestream.platform.model.ModelGatewayContract.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import io.fablestream.platform.model.ollama.Reply;
import io.fablestream.platform.model.openai.OpenAiRequest;
import io.fablestream.platform.model.openai.OpenAiTestServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelProvidersTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final OllamaTestServer ollama = OllamaTestServer.start("llama3.1:8b", "llava:7b");

  @AfterEach
  void stop() {
    ollama.close();
    registry.close();
  }

  private Config configOf(Map<String, String> env) {
    return Config.load((Path) null, env);
  }

  /** The config of an Ollama at the test server, with one more environment variable. */
  private Config ollamaWith(String variable, String value) {
    return configOf(Map.of("OLLAMA_HOST", ollama.uri().toString(), variable, value));
  }

  @Test
  void theGatewayFromConfigTalksToTheOllamaThatOllamaHostNames() {
    ollama.respondWith(request -> Reply.text("It works.").withTokens(3, 2));
    ModelGateway gateway =
        ModelProviders.fromConfig(
            configOf(Map.of("OLLAMA_HOST", ollama.uri().toString())), registry);

    ModelAnswer answer = gateway.generate(ModelRequest.text("llama3.1:8b", "Hello"));

    assertThat(answer.text()).isEqualTo("It works.");
    assertThat(answer.usage().promptTokens()).isEqualTo(3);
    assertThat(ollama.calls()).isEqualTo(1);
  }

  @Test
  void theGatewayFromConfigSendsTheConfiguredHeaders() {
    ModelGateway gateway =
        ModelProviders.fromConfig(
            ollamaWith("FABLESTREAM_OLLAMA_HEADERS", "Authorization=Bearer abc; X-Team=stories"),
            null);

    gateway.generate(ModelRequest.text("llama3.1:8b", "Hello"));

    assertThat(ollama.requests().get(0).header("authorization")).isEqualTo("Bearer abc");
    assertThat(ollama.requests().get(0).header("x-team")).isEqualTo("stories");
  }

  @Test
  void retriesAreCountedByModelAndReason() {
    ollama.failNext(2);
    ModelGateway gateway =
        ModelProviders.fromConfig(ollamaWith("FABLESTREAM_OLLAMA_RETRY_BACKOFF", "5ms"), registry);

    gateway.generate(ModelRequest.text("llama3.1:8b", "Hello"));

    assertThat(
            registry
                .get("fablestream.model.retries")
                .tags("model", "llama3.1:8b", "reason", "server_error")
                .counter()
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void requireConfiguredModelsNamesTheModelsToPull() {
    ollama.remove("llava:7b");
    Config config = ollamaWith("FABLESTREAM_OLLAMA_JUDGE_MODEL", "qwen2.5:7b");

    assertFails(
            ModelException.Kind.MODEL_NOT_FOUND,
            () -> ModelProviders.requireConfiguredModels(config))
        .isEqualTo(
            "models llava:7b, qwen2.5:7b are not available at "
                + ollama.uri()
                + "; run: ollama pull llava:7b && ollama pull qwen2.5:7b");
  }

  @Test
  void theMeteredGatewayTimesCallsByOutcomeAndCountsTokens() {
    ModelGateway scripted =
        new ScriptedModelGateway(
            request -> {
              if (request.prompt().equals("fail")) {
                throw new ModelException(
                    ModelException.Kind.MODEL_NOT_FOUND, "model x is not available", 1, null);
              }
              return ScriptedModelGateway.answer(request, "ok");
            });
    ModelGateway metered = ModelGateways.metered(scripted, registry, "chapter-service");

    metered.generate(ModelRequest.text("llama3.1:8b", "one"));
    metered.generate(ModelRequest.text("llama3.1:8b", "two"));
    assertThatThrownBy(() -> metered.generate(ModelRequest.text("llama3.1:8b", "fail")))
        .isInstanceOf(ModelException.class);

    Timer success =
        registry
            .get("fablestream.model.calls")
            .tags("service", "chapter-service", "model", "llama3.1:8b", "outcome", "success")
            .timer();
    Timer notFound =
        registry
            .get("fablestream.model.calls")
            .tags("service", "chapter-service", "outcome", "model_not_found")
            .timer();
    Counter prompt =
        registry
            .get("fablestream.model.tokens")
            .tags("service", "chapter-service", "model", "llama3.1:8b", "kind", "prompt")
            .counter();
    Counter output = registry.get("fablestream.model.tokens").tags("kind", "output").counter();
    assertThat(success.count()).isEqualTo(2);
    assertThat(notFound.count()).isEqualTo(1);
    assertThat(prompt.count()).isEqualTo(20.0);
    assertThat(output.count()).isEqualTo(40.0);
    assertThat(registry.scrape())
        .contains("fablestream_model_calls_seconds_bucket{")
        .contains(
            "fablestream_model_tokens_total{kind=\"output\",model=\"llama3.1:8b\","
                + "service=\"chapter-service\"} 40.0");
  }

  @Test
  void withTheOpenAiProviderTheGatewayTalksToTheServerOpenAiBaseUrlNames() {
    try (OpenAiTestServer openAi = OpenAiTestServer.start("gpt-4o-mini", "gpt-4o")) {
      openAi.requireApiKey("sk-test").answer("It works.");
      Config config =
          configOf(
              Map.of(
                  "FABLESTREAM_MODEL_PROVIDER", "openai",
                  "OPENAI_BASE_URL", openAi.baseUrl().toString(),
                  "OPENAI_API_KEY", "sk-test",
                  "FABLESTREAM_MODEL_VISION", "gpt-4o",
                  "FABLESTREAM_MODEL_TEXT", "gpt-4o-mini"));

      ModelProviders.requireConfiguredModels(config);
      ModelAnswer answer =
          ModelProviders.fromConfig(config, registry)
              .generate(ModelRequest.text("gpt-4o-mini", "Hello"));

      assertThat(answer.text()).isEqualTo("It works.");
      assertThat(openAi.requests())
          .extracting(OpenAiRequest::path)
          .containsExactly("/v1/models", "/v1/chat/completions");
      assertThat(ollama.calls()).isZero();
    }
  }
}
