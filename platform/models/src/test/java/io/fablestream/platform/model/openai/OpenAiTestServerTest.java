package io.fablestream.platform.model.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import io.fablestream.platform.model.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-API test server, read by the official client (openai-java): what that client parses
 * without complaint, with the fields it expects, is the API's JSON.
 */
class OpenAiTestServerTest {
  private static final String MODEL = "gpt-4o-mini";
  private final OpenAiTestServer server = OpenAiTestServer.start(MODEL, "Qwen/Qwen2.5-7B");
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(server.baseUrl().toString())
        .apiKey(key)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  private static ChatCompletionCreateParams.Builder ask(String prompt) {
    return ChatCompletionCreateParams.builder()
        .model(MODEL)
        .addSystemMessage("You are a storyteller.")
        .addUserMessage(prompt);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return RawHttp.post(URI.create(server.baseUrl() + path), body);
  }

  @Test
  void theOfficialClientReadsACompletionItsUsageAndItsFinishReason() {
    server.respondWith(r -> OpenAiReply.text("The keeper lit the lamp.").withTokens(42, 6));

    ChatCompletion completion =
        client("sk-test").chat().completions().create(ask("Begin.").build());

    assertThat(completion.choices()).hasSize(1);
    assertThat(completion.choices().get(0).message().content())
        .hasValue("The keeper lit the lamp.");
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(42);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(6);
    assertThat(completion.model()).isEqualTo(MODEL);
    OpenAiRequest received = server.requests("/v1/chat/completions").get(0);
    assertThat(received.system()).isEqualTo("You are a storyteller.");
    assertThat(received.prompt()).isEqualTo("Begin.");
    assertThat(received.header("Authorization")).isEqualTo("Bearer sk-test");
  }

  @Test
  void anAnswerStopsAtMaxTokensWithFinishReasonLength() {
    server.answer("one two three four five six seven eight");

    ChatCompletion completion =
        client("k").chat().completions().create(ask("Count.").maxTokens(3).build());

    // Two words cost 3 tokens at Llama 3's 1.19 a word; a third would pass the bound.
    assertThat(completion.choices().get(0).message().content()).hasValue("one two");
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(3);
  }

  @Test
  void aJsonSchemaAndAnImagePartAreReadAsTheClientSendsThem() throws Exception {
    server.answer("{\"setting\": \"a harbour\"}");
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    Map<String, JsonValue> schema =
        OpenAiWire.JSON.readValue(
            "{\"type\":\"object\",\"properties\":{\"setting\":{\"type\":\"string\"}}}",
            new TypeReference<Map<String, JsonValue>>() {});
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(MODEL)
            .addUserMessageOfArrayOfContentParts(
                List.of(
                    ChatCompletionContentPart.ofText(
                        ChatCompletionContentPartText.builder().text("Describe it.").build()),
                    ChatCompletionContentPart.ofImageUrl(
                        ChatCompletionContentPartImage.builder()
                            .imageUrl(
                                ChatCompletionContentPartImage.ImageUrl.builder()
                                    .url(
                                        "data:image/png;base64,"
                                            + Base64.getEncoder().encodeToString(png))
                                    .build())
                            .build())))
            .responseFormat(
                ResponseFormatJsonSchema.builder()
                    .jsonSchema(
                        ResponseFormatJsonSchema.JsonSchema.builder()
                            .name("analysis")
                            .schema(
                                ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                    .additionalProperties(schema)
                                    .build())
                            .build())
                    .build())
            .build();

    ChatCompletion completion = client("k").chat().completions().create(params);

    assertThat(completion.choices().get(0).message().content())
        .hasValue("{\"setting\": \"a harbour\"}");
    OpenAiRequest received = server.requests("/v1/chat/completions").get(0);
    assertThat(received.prompt()).isEqualTo("Describe it.");
    assertThat(received.decodedImages()).containsExactly(png);
    assertThat(received.responseFormatType()).isEqualTo("json_schema");
    // Two words cost 3 tokens at Llama 3's 1.19 a word; one image counts 85 prompt tokens, as
    // OpenAI prices a low-detail image.
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(3 + 85);
  }

  @Test
  void aStreamedAnswerArrivesAsChunksEndingWithItsReasonAndUsage() {
    server.answer("Once upon a tide.");

    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream =
        client("k")
            .chat()
            .completions()
            .createStreaming(
                ask("Begin.")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      chunks = stream.stream().toList();
    }

    String text =
        chunks.stream()
            .flatMap(c -> c.choices().stream())
            .map(c -> c.delta().content().orElse(""))
            .collect(Collectors.joining());
    assertThat(text).isEqualTo("Once upon a tide.");
    assertThat(
            chunks.stream()
                .flatMap(c -> c.choices().stream())
                .filter(c -> c.finishReason().isPresent())
                .map(c -> c.finishReason().get()))
        .containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    // Four words at Llama 3's 1.19 tokens a word.
    assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isEqualTo(5);
  }

  @Test
  void theModelListIsTheOneTheClientReads() {
    server.ownedBy("vllm");

    List<Model> models = client("k").models().list().data();

    assertThat(models).extracting(Model::id).containsExactly("Qwen/Qwen2.5-7B", MODEL);
    assertThat(models.get(0).ownedBy()).isEqualTo("vllm");
  }

  @Test
  void aModelItDoesNotServeIsA404WithModelNotFound() {
    assertThatThrownBy(
            () -> client("k").chat().completions().create(ask("Hi.").model("gpt-9").build()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.code()).hasValue("model_not_found");
              assertThat(e.getMessage()).contains("The model `gpt-9` does not exist");
            });
  }

  @Test
  void aMissingOrWrongKeyIsA401AndTheWrongKeyIsQuotedOnlyInPart() {
    server.requireApiKey("sk-right-key-0001");

    assertThatThrownBy(
            () -> client("sk-wrong-key-9999").chat().completions().create(ask("Hi.").build()))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> {
              assertThat(e.code()).hasValue("invalid_api_key");
              assertThat(e.getMessage()).contains("sk-").contains("9999").doesNotContain("wrong");
            });
    assertThat(client("sk-right-key-0001").chat().completions().create(ask("Hi.").build()).id())
        .startsWith("chatcmpl-");
  }

  @Test
  void queuedFaultsAnswerAsTheApiFailsRateLimitsWithRetryAfter() {
    server.rateLimitNext(1, 7).failNext(1);
    OpenAIClient client = client("k");

    assertThatThrownBy(() -> client.chat().completions().create(ask("Hi.").build()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.code()).hasValue("rate_limit_exceeded");
              assertThat(e.headers().values("retry-after")).containsExactly("7");
            });
    assertThatThrownBy(() -> client.chat().completions().create(ask("Hi.").build()))
        .isInstanceOf(InternalServerException.class);
    assertThat(client.chat().completions().create(ask("Hi.").build()).choices()).hasSize(1);
  }

  @Test
  void aServerThatRefusesSchemasAnswersAsOldLlamaServerDidAndTakesJsonObject() throws Exception {
    server.refuseJsonSchema().answer("{}");

    HttpResponse<String> refused =
        post(
            "/chat/completions",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"JSON\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\","
                + "\"schema\":{\"type\":\"object\"}}}}");
    HttpResponse<String> object =
        post(
            "/chat/completions",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"JSON\"}],"
                + "\"response_format\":{\"type\":\"json_object\"}}");

    assertThat(refused.statusCode()).isEqualTo(500);
    JsonNode error = OpenAiWire.JSON.readTree(refused.body()).get("error");
    assertThat(error.get("message").asText()).isEqualTo(OpenAiTestServer.SCHEMA_REFUSAL);
    assertThat(error.get("code").asInt()).isEqualTo(500);
    assertThat(object.statusCode()).isEqualTo(200);
  }

  @Test
  void requestsTheApiRefusesGetItsOwn400s() throws Exception {
    HttpResponse<String> notJson = post("/chat/completions", "{\"model\": ");
    HttpResponse<String> noMessages = post("/chat/completions", "{\"model\":\"gpt-4o-mini\"}");
    HttpResponse<String> jsonObjectWithoutTheWord =
        post(
            "/chat/completions",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"response_format\":{\"type\":\"json_object\"}}");
    HttpResponse<String> unknownUrl = post("/chat/complete", "{}");

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("We could not parse the JSON body of your request.");
    assertThat(noMessages.statusCode()).isEqualTo(400);
    assertThat(OpenAiWire.JSON.readTree(noMessages.body()).at("/error/param").asText())
        .isEqualTo("messages");
    assertThat(jsonObjectWithoutTheWord.statusCode()).isEqualTo(400);
    assertThat(jsonObjectWithoutTheWord.body()).contains("must contain the word 'json'");
    assertThat(unknownUrl.statusCode()).isEqualTo(404);
    assertThat(unknownUrl.body()).contains("Invalid URL (POST /v1/chat/complete)");
  }

  @Test
  void itRunsNoMoreCompletionsAtOnceThanItHasSlotsAndQueuesTheRest() {
    server.slots(2).latency(r -> Duration.ofMillis(200));
    String body =
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    assertThat(calls).allSatisfy(c -> assertThat(c.join().statusCode()).isEqualTo(200));
    assertThat(server.mostInFlight()).isEqualTo(2);
  }
}
