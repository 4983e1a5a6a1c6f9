package io.fablestream.platform.model.openai;

import static io.fablestream.platform.model.ModelGatewayContract.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGatewayContract;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.platform.model.ModelSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OpenAiModelGatewayTest extends ModelGatewayContract {
  private static final String VISION = "Qwen/Qwen2.5-VL-7B-Instruct";
  private static final String TEXT = "Qwen/Qwen2.5-7B-Instruct";
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}},"
          + "\"required\":[\"title\"]}";

  private final OpenAiTestServer server = OpenAiTestServer.start(VISION, TEXT);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Override
  protected OpenAiTestServer server() {
    return server;
  }

  @Override
  protected String model() {
    return TEXT;
  }

  @Override
  protected String serverInMessages() {
    return server.baseUrl().toString();
  }

  @Override
  protected String maxContextKey() {
    return "openai.max.context";
  }

  private Map<String, String> settings() {
    Map<String, String> values = new HashMap<>();
    values.put("model.provider", "openai");
    values.put("openai.base.url", server.baseUrl().toString());
    values.put("model.vision", VISION);
    values.put("model.text", TEXT);
    values.put("model.retries", "2");
    values.put("model.retry.backoff", "5ms");
    values.put("model.timeout", "5s");
    return values;
  }

  @Override
  protected OpenAiModelGateway gateway(Map<String, String> overrides) {
    Map<String, String> values = settings();
    values.putAll(overrides);
    return new OpenAiModelGateway(ModelSettings.from(Config.of(values)), registry);
  }

  @Override
  protected OpenAiModelGateway gateway() {
    return gateway(Map.of());
  }

  private OpenAiRequest lastCompletion() {
    return server.requests("/v1/chat/completions").getLast();
  }

  @Test
  void aCallIsOneChatCompletionAndItsAnswerCarriesTheServersUsage() {
    server.respondWith(r -> OpenAiReply.text("The keeper lit the lamp.").withTokens(42, 6));

    ModelAnswer answer =
        gateway()
            .generate(
                ModelRequest.text(TEXT, "Write the first line.")
                    .withSystem("You are a storyteller.")
                    .withAnswerWords(100)
                    .withRole(ModelRole.JUDGE));

    assertThat(answer.text()).isEqualTo("The keeper lit the lamp.");
    assertThat(answer.model()).isEqualTo(TEXT);
    assertThat(answer.usage().promptTokens()).isEqualTo(42);
    assertThat(answer.usage().outputTokens()).isEqualTo(6);
    assertThat(answer.usage().calls()).isEqualTo(1);
    assertThat(answer.cutShort()).isFalse();
    JsonNode sent = lastCompletion().json();
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("You are a storyteller.");
    assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Write the first line.");
    // 100 words: 154 tokens and 64 for the JSON around them; the judge's temperature is 0.
    assertThat(sent.get("max_tokens").asInt()).isEqualTo(218);
    assertThat(sent.get("temperature").asDouble()).isZero();
    assertThat(sent.get("stream").asBoolean()).isFalse();
    assertThat(sent.has("response_format")).isFalse();
  }

  @Test
  void aJsonSchemaIsSentAsAJsonSchemaResponseFormat() throws Exception {
    server.answer("{\"title\": \"Salt\"}");

    gateway().generate(ModelRequest.text(TEXT, "Name it, in JSON.").withJsonSchema(SCHEMA));

    JsonNode format = lastCompletion().responseFormat();
    assertThat(format.get("type").asText()).isEqualTo("json_schema");
    assertThat(format.at("/json_schema/name").asText()).isEqualTo("answer");
    assertThat(format.at("/json_schema/strict").asBoolean()).isFalse();
    assertThat(format.at("/json_schema/schema")).isEqualTo(OpenAiWire.JSON.readTree(SCHEMA));
    gateway().generate(ModelRequest.text(TEXT, "Any JSON.").withJsonSchema("json"));
    assertThat(lastCompletion().responseFormatType()).isEqualTo("json_object");
  }

  @Test
  void aServerThatRefusesSchemasIsAskedAgainAtOnceWithJsonObjectAndSoFromThenOn() {
    server.refuseJsonSchema();

    assertFallsBackToJsonObject(SCHEMA, "{\"title\": \"Salt\"}");
  }

  /**
   * The first call with this schema is refused and asked again at once as {@code json_object},
   * which answers; a second call goes as {@code json_object} from the start.
   */
  private void assertFallsBackToJsonObject(String schema, String json) {
    server.answer(json);
    OpenAiModelGateway gateway = gateway();

    ModelAnswer first =
        gateway.generate(ModelRequest.text(TEXT, "Name it, in JSON.").withJsonSchema(schema));
    gateway.generate(ModelRequest.text(TEXT, "Again, in JSON.").withJsonSchema(schema));

    assertThat(first.text()).isEqualTo(json);
    assertThat(server.requests("/v1/chat/completions"))
        .extracting(OpenAiRequest::responseFormatType)
        .containsExactly("json_schema", "json_object", "json_object");
  }

  @Test
  void vllmsXgrammarRefusingItemCountsIsASchemaRefusalWithTheSameFallback() {
    server.refuseItemCounts();
    String bounded =
        "{\"type\":\"object\",\"properties\":{\"names\":{\"type\":\"array\","
            + "\"items\":{\"type\":\"string\"},\"minItems\":1,\"maxItems\":3}},"
            + "\"required\":[\"names\"]}";

    assertFallsBackToJsonObject(bounded, "{\"names\": [\"Salt\"]}");
  }

  @Test
  void aPictureGoesAsADataUrlImagePartWithItsType() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};

    gateway()
        .generate(
            ModelRequest.text(VISION, "What is in the picture?")
                .withImages(List.of(jpeg))
                .withRole(ModelRole.VISION));

    OpenAiRequest sent = lastCompletion();
    assertThat(sent.images()).containsExactly("data:image/jpeg;base64,/9j/AQID");
    assertThat(sent.decodedImages()).containsExactly(jpeg);
    assertThat(sent.prompt()).isEqualTo("What is in the picture?");
    assertThat(sent.temperature()).isEqualTo(0.2);
  }

  @Test
  void aRefusedKeyFailsAtOnceNamingTheKeySettingAndNeverShowingTheKey() {
    server.requireApiKey("sk-right-0000");
    Map<String, String> values = settings();
    values.put("openai.api.key", "sk-wrong-secret-1234");

    assertFails(
            ModelException.Kind.REJECTED,
            () -> gateway(values).generate(ModelRequest.text(TEXT, "Hello")))
        .isEqualTo(
            server.baseUrl()
                + " refused the API key (HTTP 401: invalid_api_key): set openai.api.key"
                + " (environment OPENAI_API_KEY) to a key it accepts")
        .doesNotContain("1234");
    assertThat(server.calls()).isEqualTo(1);
    assertThatThrownBy(() -> gateway(settings()).generate(ModelRequest.text(TEXT, "Hello")))
        .hasMessage(
            server.baseUrl()
                + " wants an API key (HTTP 401: invalid_request_error): set openai.api.key"
                + " (environment OPENAI_API_KEY)");
  }

  @Test
  void aModelTheServerDoesNotServeNamesTheSettingOfItsRole() {
    server.remove(VISION);

    assertFails(
            ModelException.Kind.MODEL_NOT_FOUND,
            () -> gateway().generate(ModelRequest.text(VISION, "Look.").withRole(ModelRole.VISION)))
        .startsWith("model " + VISION + " is not served at " + server.baseUrl())
        .contains("set model.vision (environment FABLESTREAM_MODEL_VISION)");
    assertThat(server.calls()).isEqualTo(1);
  }

  @Test
  void aBaseUrlWithoutTheApiBehindItSaysToCheckTheBaseUrl() {
    Map<String, String> values = settings();
    values.put("openai.base.url", server.baseUrl().toString().replace("/v1", ""));

    assertFails(
            ModelException.Kind.REJECTED,
            () -> gateway(values).generate(ModelRequest.text(TEXT, "Hello")))
        .contains("no OpenAI-compatible API at")
        .contains("Invalid URL (POST /chat/completions)")
        .endsWith("check openai.base.url (OPENAI_BASE_URL); it usually ends in /v1");
  }

  @Test
  void aRateLimitIsWaitedOutForAsLongAsRetryAfterAsksAndCounted() {
    server.rateLimitNext(1, 1).answer("At last.");

    long start = System.nanoTime();
    ModelAnswer answer = gateway().generate(ModelRequest.text(TEXT, "Hello"));

    // The backoff's own pause is 5 ms; the server asked for a second.
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(answer.text()).isEqualTo("At last.");
    assertThat(
            registry
                .get("fablestream.model.retries")
                .tags("model", TEXT, "reason", "rate_limited")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void aSpentQuotaIsFinal() {
    server.failNext(
        1,
        429,
        "insufficient_quota",
        "insufficient_quota",
        "You exceeded your current quota, please check your plan and billing details.");

    assertFails(
            ModelException.Kind.REJECTED,
            () -> gateway().generate(ModelRequest.text(TEXT, "Hello")))
        .contains("has no quota left");
    assertThat(server.calls()).isEqualTo(1);
  }

  @Test
  void callsFromManyThreadsShareTheServersSlotsAndAllAnswer() throws Exception {
    server.slots(2).latency(r -> Duration.ofMillis(100));
    OpenAiModelGateway gateway = gateway();
    List<Future<ModelAnswer>> answers = new ArrayList<>();

    try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
      for (int i = 0; i < 6; i++) {
        String prompt = "Call " + i;
        answers.add(threads.submit(() -> gateway.generate(ModelRequest.text(TEXT, prompt))));
      }
      for (Future<ModelAnswer> answer : answers) {
        assertThat(answer.get().text()).isNotBlank();
      }
    }
    assertThat(server.mostInFlight()).isEqualTo(2);
  }

  @Test
  void theStartCheckPassesWhenTheServerServesEveryConfiguredModel() {
    gateway().requireConfiguredModels();

    assertThat(server.requests("/v1/models")).hasSize(1);
  }

  @Test
  void theStartCheckNamesEachMissingModelItsSettingAndWhatTheServerServes() {
    Map<String, String> values = settings();
    values.put("model.judge", "gpt-4o");

    assertFails(
            ModelException.Kind.MODEL_NOT_FOUND, () -> gateway(values).requireConfiguredModels())
        .startsWith(
            "model gpt-4o (model.judge, environment FABLESTREAM_MODEL_JUDGE) is not"
                + " served at "
                + server.baseUrl()
                + "; it serves: "
                + TEXT
                + ", "
                + VISION
                + ".");
  }

  @Test
  void aLlamaServerWithItsOneModelPassesWhateverTheNames() {
    server.remove(VISION).ownedBy("llamacpp");
    Map<String, String> values = settings();
    values.put("model.vision", "anything");

    OpenAiModelGateway gateway = gateway(values);

    assertThatCode(gateway::requireConfiguredModels).doesNotThrowAnyException();
    ModelAnswer answer = gateway.generate(ModelRequest.text("anything", "Describe the picture."));
    assertThat(answer.text()).isEqualTo("Once upon a time there was a lighthouse.");
    assertThat(lastCompletion().model()).isEqualTo("anything");

    // The same one-model listing from another server is held to the configured names.
    server.ownedBy("vllm");
    assertThatThrownBy(gateway::requireConfiguredModels)
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.MODEL_NOT_FOUND);
              assertThat(e.getMessage())
                  .startsWith("model anything (model.vision, environment FABLESTREAM_MODEL_VISION)")
                  .contains("; it serves: " + TEXT + ".");
            });
  }

  @Test
  void theStartCheckSaysWhatToDoWhenTheKeyIsRefusedOrNoServerRuns() {
    server.requireApiKey("sk-right");
    assertThatThrownBy(() -> gateway().requireConfiguredModels())
        .hasMessageContaining(
            "wants an API key (HTTP 401: invalid_request_error): set openai.api.key");

    String base = server.baseUrl().toString();
    server.close();
    Map<String, String> values = settings();
    values.put("openai.base.url", base);
    values.put("model.retries", "0");
    assertFails(ModelException.Kind.UNAVAILABLE, () -> gateway(values).requireConfiguredModels())
        .startsWith("no OpenAI-compatible server answers at " + base)
        .endsWith(
            "start it (vllm serve MODEL, llama-server -m FILE.gguf) or set"
                + " openai.base.url (OPENAI_BASE_URL).");
  }
}
