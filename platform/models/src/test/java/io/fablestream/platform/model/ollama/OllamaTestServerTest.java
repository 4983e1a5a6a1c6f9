package io.fablestream.platform.model.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.platform.model.RawHttp;
import io.fablestream.platform.model.TokenTable;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResult;
import io.github.ollama4j.models.embed.OllamaEmbedRequest;
import io.github.ollama4j.models.embed.OllamaEmbedResult;
import io.github.ollama4j.models.generate.OllamaGenerateRequest;
import io.github.ollama4j.models.generate.OllamaGenerateStreamObserver;
import io.github.ollama4j.models.request.ThinkMode;
import io.github.ollama4j.models.response.Model;
import io.github.ollama4j.models.response.OllamaResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The test server speaks Ollama's API: checked field by field over raw HTTP, and by ollama4j's own
 * client, which reads Ollama's answers independently of this project.
 */
class OllamaTestServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OllamaTestServer ollama =
      OllamaTestServer.start("llama3.1:8b", "all-minilm").answer("Blue light on the sea.");

  @AfterEach
  void stop() {
    ollama.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return RawHttp.post(ollama.uri().resolve(path), body);
  }

  /** A generate request's JSON answer. */
  private JsonNode generate(String body) throws Exception {
    return JSON.readTree(post("/api/generate", body).body());
  }

  /** Asserts why a generate answer stopped and how many tokens it counted. */
  private static void assertStopped(JsonNode answer, String reason, int tokens) {
    assertThat(answer.get("done_reason").asText()).isEqualTo(reason);
    assertThat(answer.get("eval_count").asInt()).isEqualTo(tokens);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return RawHttp.get(ollama.uri().resolve(path));
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void aNonStreamingGenerateAnswersWithOllamasFields() throws Exception {
    HttpResponse<String> response =
        post(
            "/api/generate",
            "{\"model\":\"llama3.1:8b\",\"prompt\":\"Why is the sea blue?\",\"stream\":false}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    JsonNode answer = JSON.readTree(response.body());
    assertThat(names(answer))
        .containsExactly(
            "model",
            "created_at",
            "response",
            "done",
            "done_reason",
            "total_duration",
            "load_duration",
            "prompt_eval_count",
            "prompt_eval_duration",
            "eval_count",
            "eval_duration",
            "context");
    assertThat(answer.get("model").asText()).isEqualTo("llama3.1:8b");
    assertThat(answer.get("response").asText()).isEqualTo("Blue light on the sea.");
    assertThat(answer.get("done").asBoolean()).isTrue();
    assertThat(answer.get("done_reason").asText()).isEqualTo("stop");
    // Five words each, at Llama 3's 1.19 tokens a word for English: 6 tokens.
    assertThat(answer.get("prompt_eval_count").asInt()).isEqualTo(6);
    assertThat(answer.get("eval_count").asInt()).isEqualTo(6);
    assertThat(java.time.Instant.parse(answer.get("created_at").asText())).isNotNull();
  }

  @Test
  void generateStreamsNdjsonByDefaultWithTheUsageOnTheLastLine() throws Exception {
    HttpResponse<String> response =
        post("/api/generate", "{\"model\":\"llama3.1:8b\",\"prompt\":\"Why is the sea blue?\"}");

    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode chunk : lines.subList(0, lines.size() - 1)) {
      assertThat(names(chunk)).containsExactly("model", "created_at", "response", "done");
      assertThat(chunk.get("done").asBoolean()).isFalse();
      text.append(chunk.get("response").asText());
    }
    assertThat(text).hasToString("Blue light on the sea.");
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.get("done").asBoolean()).isTrue();
    assertThat(last.get("response").asText()).isEmpty();
    assertThat(last.get("eval_count").asInt()).isEqualTo(6);
  }

  @Test
  void onQwensTableAGreekAnswerCostsItsTokensAndIsCutAtNumPredictWithItsJsonLeftOpen()
      throws Exception {
    String greek =
        "{\"title\": \"Φάρος\", \"text\": \"" + "η θάλασσα ήταν ήσυχη ".repeat(50) + "\"}";
    ollama.tokenTable(TokenTable.QWEN_2_5).answer(greek);

    JsonNode answer =
        generate(
            "{\"model\":\"llama3.1:8b\",\"prompt\":\"Write it in Greek (language tag"
                + " el).\",\"stream\":false,\"options\":{\"num_predict\":482}}");

    // 204 words at 4.82 tokens a word: 984 tokens; 482 tokens hold 100 words.
    assertStopped(answer, "length", 482);
    assertThat(answer.get("response").asText().split(" ")).hasSize(100);
    assertThat(answer.get("response").asText()).doesNotEndWith("}");
    assertThat(answer.get("prompt_eval_count").asInt()).isEqualTo(34);
  }

  @Test
  void onLlamasTableAnEnglishAnswerWithinNumPredictStopsOnItsOwn() throws Exception {
    ollama
        .tokenTable(TokenTable.LLAMA_3)
        .answer("one two three four five six seven eight nine ten");

    JsonNode answer =
        generate(
            "{\"model\":\"llama3.1:8b\",\"prompt\":\"Count.\",\"stream\":false,"
                + "\"options\":{\"num_predict\":100}}");

    assertStopped(answer, "stop", 12);
  }

  @Test
  void chatAnswersWithAnAssistantMessage() throws Exception {
    HttpResponse<String> response =
        post(
            "/api/chat",
            """
            {"model":"llama3.1:8b","stream":false,"messages":[
              {"role":"system","content":"Be brief."},
              {"role":"user","content":"Colour of the sea?","images":["AAEC"]}]}
            """);

    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("message").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"Blue light on the sea.\"}");
    assertThat(answer.has("response")).isFalse();
    ReceivedRequest logged = ollama.requests("/api/chat").get(0);
    assertThat(logged.system()).isEqualTo("Be brief.");
    assertThat(logged.prompt()).isEqualTo("Colour of the sea?");
    assertThat(logged.images()).containsExactly("AAEC");
  }

  @Test
  void errorsHaveOllamasStatusAndBody() throws Exception {
    HttpResponse<String> notPulled =
        post("/api/generate", "{\"model\":\"mistral\",\"prompt\":\"Hi\",\"stream\":false}");
    HttpResponse<String> noBody = post("/api/generate", "");
    HttpResponse<String> noModel = post("/api/generate", "{\"prompt\":\"Hi\"}");
    HttpResponse<String> badImage =
        post("/api/generate", "{\"model\":\"llama3.1:8b\",\"prompt\":\"Hi\",\"images\":[\"***\"]}");
    HttpResponse<String> unknownPath = get("/api/nothing");

    assertThat(notPulled.statusCode()).isEqualTo(404);
    assertThat(notPulled.body())
        .isEqualTo("{\"error\":\"model \\\"mistral\\\" not found, try pulling it first\"}");
    assertThat(noBody.statusCode()).isEqualTo(400);
    assertThat(noBody.body()).isEqualTo("{\"error\":\"missing request body\"}");
    assertThat(noModel.statusCode()).isEqualTo(400);
    assertThat(noModel.body()).isEqualTo("{\"error\":\"model is required\"}");
    assertThat(badImage.statusCode()).isEqualTo(400);
    assertThat(unknownPath.statusCode()).isEqualTo(404);
    assertThat(unknownPath.body()).isEqualTo("404 page not found");
  }

  @Test
  void queuedFaultsHitTheNextCallsInOrderThenItAnswersAgain() throws Exception {
    ollama.failNext(1).failNext(1, 503, "server busy").malformedNext(1);
    String request = "{\"model\":\"llama3.1:8b\",\"prompt\":\"Hi\",\"stream\":false}";

    List<Integer> statuses = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = post("/api/generate", request);
      statuses.add(r.statusCode());
      bodies.add(r.body());
    }

    assertThat(statuses).containsExactly(500, 503, 200, 200);
    assertThat(bodies.get(0))
        .isEqualTo("{\"error\":\"an error was encountered while running the model\"}");
    assertThat(bodies.get(1)).isEqualTo("{\"error\":\"server busy\"}");
    assertThatThrownBy(() -> JSON.readTree(bodies.get(2))).isInstanceOf(Exception.class);
    assertThat(JSON.readTree(bodies.get(3)).get("response").asText())
        .isEqualTo("Blue light on the sea.");
    assertThat(ollama.calls()).isEqualTo(4);
  }

  @Test
  void ollama4jReadsTagsVersionAndAGeneratedAnswer() throws Exception {
    Ollama client = new Ollama(ollama.uri().toString());

    List<Model> models = client.listModels();
    String version = client.getVersion();
    OllamaResult result =
        client.generate(
            OllamaGenerateRequest.builder()
                .withModel("llama3.1:8b")
                .withPrompt("Why is the sea blue?")
                .build(),
            null);

    assertThat(models)
        .extracting(Model::getName)
        .containsExactly("all-minilm:latest", "llama3.1:8b");
    assertThat(version).isEqualTo(OllamaTestServer.VERSION);
    assertThat(result.getResponse()).isEqualTo("Blue light on the sea.");
    assertThat(result.getPromptEvalCount()).isEqualTo(6);
    assertThat(result.getEvalCount()).isEqualTo(6);
    assertThat(result.getDoneReason()).isEqualTo("stop");
  }

  @Test
  void ollama4jStreamsTokensFromGenerateAndChat() throws Exception {
    Ollama client = new Ollama(ollama.uri().toString());
    List<String> tokens = new ArrayList<>();

    OllamaResult streamed =
        client.generate(
            OllamaGenerateRequest.builder()
                .withModel("llama3.1:8b")
                .withPrompt("Why is the sea blue?")
                .withStreaming(true)
                // ollama4j 1.1.6 needs a think mode when it streams.
                .withThink(ThinkMode.DISABLED)
                .build(),
            new OllamaGenerateStreamObserver(null, tokens::add));
    OllamaChatResult chat =
        client.chat(
            OllamaChatRequest.builder()
                .withModel("llama3.1:8b")
                .withMessage(OllamaChatMessageRole.USER, "Colour of the sea?")
                .build(),
            null);

    assertThat(String.join("", tokens)).isEqualTo("Blue light on the sea.");
    assertThat(streamed.getResponse()).isEqualTo("Blue light on the sea.");
    assertThat(chat.getResponseModel().getMessage().getResponse())
        .isEqualTo("Blue light on the sea.");
  }

  @Test
  void ollama4jEmbedsTextsIntoEqualVectorsForEqualTexts() throws Exception {
    Ollama client = new Ollama(ollama.uri().toString());
    ollama.embeddingDimensions(4);

    OllamaEmbedResult result =
        client.embed(new OllamaEmbedRequest("all-minilm", List.of("sea", "sky", "sea")));

    assertThat(result.getModel()).isEqualTo("all-minilm");
    assertThat(result.getEmbeddings()).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(4));
    assertThat(result.getEmbeddings().get(0)).isEqualTo(result.getEmbeddings().get(2));
    assertThat(result.getEmbeddings().get(0)).isNotEqualTo(result.getEmbeddings().get(1));
    assertThat(ollama.requests("/api/embed").get(0).input()).containsExactly("sea", "sky", "sea");
  }

  @Test
  void ollama4jSeesAModelThatIsNotPulledAsAnError() {
    Ollama client = new Ollama(ollama.uri().toString());

    assertThatThrownBy(
            () ->
                client.generate(
                    OllamaGenerateRequest.builder().withModel("mistral").withPrompt("Hi").build(),
                    null))
        .isInstanceOf(OllamaException.class)
        .hasMessageContaining("model \"mistral\" not found, try pulling it first");
  }

  @Test
  void theLogKeepsEveryRequestFromConcurrentCallers() throws Exception {
    int callers = 16;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      String body = "{\"model\":\"llama3.1:8b\",\"prompt\":\"caller " + i + "\",\"stream\":false}";
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      post("/api/generate", body);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(ollama.calls()).isEqualTo(callers);
    Iterator<ReceivedRequest> it = ollama.requests().iterator();
    List<String> prompts = new ArrayList<>();
    it.forEachRemaining(r -> prompts.add(r.prompt()));
    assertThat(prompts)
        .hasSize(callers)
        .doesNotHaveDuplicates()
        .allMatch(p -> p.startsWith("caller "));
  }
}
