package io.fablestream.platform.model.ollama;

import static io.fablestream.platform.model.ModelGatewayContract.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGatewayContract;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OllamaModelGatewayTest extends ModelGatewayContract {
  private static final String TEXT_MODEL = "llama3.1:8b";
  private static final String VISION_MODEL = "llava:7b";
  private static final String SCHEMA =
      """
      {"type":"object","properties":{"setting":{"type":"string"},\
      "characters":{"type":"array","items":{"type":"string"}}},"required":["setting","characters"]}\
      """;

  private final OllamaTestServer ollama = OllamaTestServer.start(TEXT_MODEL, VISION_MODEL);

  @Override
  protected OllamaTestServer server() {
    return ollama;
  }

  @Override
  protected String model() {
    return TEXT_MODEL;
  }

  @Override
  protected String serverInMessages() {
    return "Ollama at " + ollama.uri();
  }

  @Override
  protected String maxContextKey() {
    return "ollama.max.context";
  }

  @Override
  protected OllamaModelGateway gateway(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put("ollama.host", ollama.uri().toString());
    values.put("model.timeout", "5s");
    values.put("model.retries", "2");
    values.put("model.retry.backoff", "5ms");
    values.putAll(overrides);
    return new OllamaModelGateway(ModelSettings.from(Config.of(values)), new SimpleMeterRegistry());
  }

  @Override
  protected OllamaModelGateway gateway() {
    return gateway(Map.of());
  }

  @Test
  void answersWithTheModelsTextAndTheUsageOllamaReported() {
    ollama.respondWith(
        request ->
            Reply.text("The keeper lit the lamp.")
                .withTokens(42, 7)
                .withTotalDuration(Duration.ofMillis(1_234)));

    ModelAnswer answer =
        gateway()
            .generate(
                ModelRequest.text(TEXT_MODEL, "Write the first line.")
                    .withSystem("You are a storyteller.")
                    .withOptions(Map.of("temperature", 0.7, "num_predict", 400)));

    assertThat(answer)
        .isEqualTo(
            new ModelAnswer(TEXT_MODEL, "The keeper lit the lamp.", new Usage(42, 7, 1_234, 1)));
    ReceivedRequest sent = ollama.requests("/api/generate").get(0);
    assertThat(sent.model()).isEqualTo(TEXT_MODEL);
    assertThat(sent.prompt()).isEqualTo("Write the first line.");
    assertThat(sent.system()).isEqualTo("You are a storyteller.");
    // The request's own options win; the window is sized for its prompt and answer.
    assertThat(sent.options())
        .isEqualTo(Map.of("temperature", 0.7, "num_predict", 400, "num_ctx", 4096));
    assertThat(sent.stream()).isFalse();
    assertThat(sent.format()).isNull();
    assertThat(sent.images()).isEmpty();
  }

  @Test
  void sendsTheJsonSchemaAsOllamasFormatAndReturnsTheJsonAnswer() throws Exception {
    String json = "{\"setting\":\"a lighthouse\",\"characters\":[\"the keeper\"]}";
    ollama.answer(json);

    ModelAnswer answer =
        gateway().generate(ModelRequest.text(TEXT_MODEL, "Describe it.").withJsonSchema(SCHEMA));

    assertThat(answer.text()).isEqualTo(json);
    ObjectMapper mapper = new ObjectMapper();
    assertThat(ollama.requests("/api/generate").get(0).format()).isEqualTo(mapper.readTree(SCHEMA));
  }

  @Test
  void sendsImagesAsBase64() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1, 2};
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};

    gateway()
        .generate(
            ModelRequest.text(VISION_MODEL, "What is in the picture?")
                .withImages(List.of(png, jpeg)));

    ReceivedRequest sent = ollama.requests("/api/generate").get(0);
    assertThat(sent.images())
        .containsExactly("iVBORw0KGgoAAQI=", java.util.Base64.getEncoder().encodeToString(jpeg));
    assertThat(sent.decodedImages()).containsExactly(png, jpeg);
  }

  @Test
  void aModelThatIsNotPulledFailsAtOnceWithThePullCommand() {
    ollama.remove(TEXT_MODEL);

    assertFails(
            ModelException.Kind.MODEL_NOT_FOUND,
            1,
            () -> gateway().generate(ModelRequest.text(TEXT_MODEL, "Hello")))
        .isEqualTo(
            "model llama3.1:8b is not available at "
                + ollama.uri()
                + "; run: ollama pull llama3.1:8b");
    assertThat(ollama.calls()).isEqualTo(1);
  }

  @Test
  void aBodyThatStallsAfterItsHeadersIsBoundedByTheTimeoutToo() {
    ollama.stallBodyNext(1, Duration.ofSeconds(30));

    assertFails(
            ModelException.Kind.UNAVAILABLE,
            () ->
                gateway(Map.of("model.timeout", "300ms", "model.retries", "0"))
                    .generate(ModelRequest.text(TEXT_MODEL, "Hello")))
        .endsWith("last error: no answer within 300 ms");
  }

  @Test
  void anOllamaThatIsNotRunningIsUnavailableAndBothTheCallAndTheStartCheckSayWhere() {
    URI nobody = ollama.uri();
    ollama.close();
    OllamaModelGateway gateway = gateway(Map.of("model.timeout", "2s", "model.retries", "1"));

    ModelException call = failure(() -> gateway.generate(ModelRequest.text(TEXT_MODEL, "Hello")));
    ModelException check = failure(() -> gateway.requireModels(List.of(TEXT_MODEL)));

    assertThat(call.kind()).isEqualTo(ModelException.Kind.UNAVAILABLE);
    assertThat(call.attempts()).isEqualTo(2);
    assertThat(call.getMessage())
        .contains("Ollama at " + nobody)
        .contains("connection refused (is Ollama running at " + nobody + "?)");
    assertThat(check.kind()).isEqualTo(ModelException.Kind.UNAVAILABLE);
    assertThat(check.getMessage())
        .startsWith("Ollama is not reachable at " + nobody)
        .endsWith(
            "is Ollama running at "
                + nobody
                + "? Start it with 'ollama serve', or set OLLAMA_HOST.");
  }

  @Test
  void textThatIsNotTheJsonAskedForIsReturnedAsItIsForTheCallerToJudge() {
    String chatty = "Sure! Here is the JSON you asked for: {\"setting\": \"a lighthouse\"";
    ollama.answer(chatty);

    ModelAnswer answer =
        gateway().generate(ModelRequest.text(TEXT_MODEL, "Describe it.").withJsonSchema(SCHEMA));

    assertThat(answer.text()).isEqualTo(chatty);
    assertThat(ollama.calls()).isEqualTo(1);
  }

  @Test
  void sendsTheConfiguredHeadersOnEveryRequest() {
    OllamaModelGateway gateway =
        gateway(
            Map.of(
                "model.retries", "0",
                "ollama.headers", "Authorization=Bearer s3cret;X-Tenant=fablestream"));

    gateway.generate(ModelRequest.text(TEXT_MODEL, "Hello"));
    gateway.requireConfiguredModels();

    assertThat(ollama.requests())
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.header("Authorization")).isEqualTo("Bearer s3cret");
              assertThat(r.header("X-Tenant")).isEqualTo("fablestream");
            });
  }

  @Test
  void requireModelsPassesWhenEveryModelIsPulledWithOrWithoutItsTag() {
    ollama.pull("nomic-embed-text");

    gateway().requireModels(List.of(TEXT_MODEL, VISION_MODEL, "nomic-embed-text:latest"));

    assertThat(ollama.requests("/api/tags")).hasSize(1);
  }

  @Test
  void requireModelsNamesEveryMissingModelAndItsPullCommand() {
    assertFails(
            ModelException.Kind.MODEL_NOT_FOUND,
            () -> gateway().requireModels(List.of(TEXT_MODEL, "qwen2.5vl:7b", "mistral")))
        .isEqualTo(
            "models qwen2.5vl:7b, mistral are not available at "
                + ollama.uri()
                + "; run: ollama pull qwen2.5vl:7b && ollama pull mistral");
  }

  @Test
  void aHeaderValueNeverAppearsInAnErrorMessage() {
    ollama.failNext(1, 401, "unauthorized");
    OllamaModelGateway gateway =
        gateway(Map.of("model.retries", "0", "ollama.headers", "Authorization=Bearer s3cret"));

    assertThatThrownBy(() -> gateway.generate(ModelRequest.text(TEXT_MODEL, "Hello")))
        .isInstanceOf(ModelException.class)
        .hasMessageNotContaining("s3cret")
        .hasMessageContaining("HTTP 401: unauthorized");
    assertThat(new String(ollama.requests().get(0).body().getBytes(), StandardCharsets.UTF_8))
        .doesNotContain("s3cret");
  }

  /** A chapter call's shape: a system prompt and a 600-word prompt, 911 tokens by the estimate. */
  private static ModelRequest chapterCall(int wordsPerChapter) {
    return ModelRequest.text(TEXT_MODEL, "The lamp went dark now. ".repeat(120))
        .withSystem("You are a novelist.")
        .withAnswerWords((int) Math.floor(wordsPerChapter * 1.6));
  }

  @Test
  void aChapterOf300WordsAndOneOf3000GetAWindowAndAnAnswerBoundSizedToThem() {
    OllamaModelGateway gateway = gateway();

    gateway.generate(chapterCall(300));
    gateway.generate(chapterCall(3000));

    List<ReceivedRequest> sent = ollama.requests("/api/generate");
    // 300 words: up to 480 accepted, 804 tokens of answer; with the prompt, under 4096.
    assertThat(sent.get(0).options())
        .containsEntry("num_predict", 804)
        .containsEntry("num_ctx", 4096);
    // 3000 words: up to 4800, 7456 tokens; with the prompt 8367, so the next rung up.
    assertThat(sent.get(1).options())
        .containsEntry("num_predict", 7456)
        .containsEntry("num_ctx", 16384);
  }

  @Test
  void aModelsWindowOnlyGrowsSoOllamaDoesNotReloadItBetweenSmallAndLargeCalls() {
    OllamaModelGateway gateway = gateway();

    gateway.generate(chapterCall(3000));
    gateway.generate(chapterCall(300));
    gateway.generate(ModelRequest.text(VISION_MODEL, "Describe it."));

    List<ReceivedRequest> sent = ollama.requests("/api/generate");
    assertThat(sent.get(1).options())
        .containsEntry("num_ctx", 16384)
        .containsEntry("num_predict", 804);
    assertThat(sent.get(2).options()).containsEntry("num_ctx", 4096);
  }

  @Test
  void configuredOptionsPassThroughAndEachRoleKeepsItsTemperature() throws Exception {
    OllamaModelGateway gateway =
        gateway(
            Map.of(
                "ollama.options", "num_gpu=40;num_thread=8;temperature=0.8",
                "ollama.keep.alive", "-1"));

    gateway.generate(ModelRequest.text(TEXT_MODEL, "Write.").withRole(ModelRole.JUDGE));
    gateway.generate(ModelRequest.text(TEXT_MODEL, "Write."));
    gateway.generate(ModelRequest.text(VISION_MODEL, "Look.").withRole(ModelRole.VISION));
    gateway.generate(
        ModelRequest.text(TEXT_MODEL, "Write.").withOptions(Map.of("temperature", 1.1)));

    List<ReceivedRequest> sent = ollama.requests("/api/generate");
    assertThat(sent)
        .extracting(r -> r.options().get("temperature"))
        .containsExactly(0.0, 0.8, 0.2, 1.1);
    assertThat(sent)
        .allSatisfy(
            r ->
                assertThat(r.options())
                    .containsEntry("num_gpu", 40)
                    .containsEntry("num_thread", 8)
                    .containsKeys("num_ctx", "num_predict"));
    // keep_alive -1 (for ever) goes as a Go duration Ollama parses: a negative one.
    assertThat(new ObjectMapper().readTree(sent.get(0).body()).path("keep_alive").asText())
        .isEqualTo("-1m");
  }

  @Test
  void aNumCtxInTheOptionsFixesEveryCallsWindow() {
    OllamaModelGateway gateway = gateway(Map.of("ollama.options", "num_ctx=8192"));

    gateway.generate(ModelRequest.text(TEXT_MODEL, "Hello"));
    gateway.generate(chapterCall(300));

    assertThat(ollama.requests("/api/generate"))
        .allSatisfy(r -> assertThat(r.options()).containsEntry("num_ctx", 8192));
    assertThatThrownBy(() -> gateway.generate(chapterCall(3000)))
        .hasMessageContaining("more than num_ctx in ollama.options = 8192 allows");
  }
}
