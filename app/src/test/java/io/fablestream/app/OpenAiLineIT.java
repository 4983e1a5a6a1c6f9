package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.model.openai.OpenAiReply;
import io.fablestream.platform.model.openai.OpenAiRequest;
import io.fablestream.platform.model.openai.OpenAiTestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One book end to end through an OpenAI-compatible server: the real embedded broker, the four
 * services, story memory on disk, and the OpenAI-API test server (two slots, a key, seconds of
 * latency) standing where vLLM, llama-server or OpenAI would answer.
 */
class OpenAiLineIT {
  private static final Path CHELSEA = Path.of("../docs/samples/chelsea.png");
  private static final String VISION = "Qwen/Qwen2.5-VL-7B-Instruct";
  private static final String TEXT = "Qwen/Qwen2.5-7B-Instruct";
  private static final String KEY = "sk-line-test-0001";
  private static final Pattern CHAPTER = Pattern.compile("Write chapter (\\d+) of");

  @TempDir Path dir;

  private OpenAiTestServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** The book's answers, as {@link StoryOllama} gives them to the Ollama line. */
  private static final Function<OpenAiRequest, OpenAiReply> STORY =
      request ->
          OpenAiReply.text(
              new StoryOllama()
                  .answer(
                      request.system(),
                      request.prompt(),
                      !request.images().isEmpty(),
                      request.responseFormat()));

  @BeforeEach
  void startServer() {
    server =
        OpenAiTestServer.start(VISION, TEXT)
            .requireApiKey(KEY)
            .slots(2)
            .latency(request -> Duration.ofMillis(request.images().isEmpty() ? 700 : 1500))
            .respondWith(STORY);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private Map<String, String> settings() {
    Map<String, String> values = LineTestConfig.values(dir.resolve("data"));
    values.put("model.provider", "openai");
    values.put("openai.base.url", server.baseUrl().toString());
    values.put("openai.api.key", KEY);
    values.put("model.vision", VISION);
    values.put("model.text", TEXT);
    values.put("model.retry.backoff", "100ms");
    return values;
  }

  private int cli(Map<String, String> settings, String... args) {
    return LineTestConfig.cli(settings, out, err, args);
  }

  @Test
  void aPictureBecomesABookThroughAnOpenAiCompatibleServer() throws Exception {
    Path book = dir.resolve("book.md");

    int code =
        cli(
            settings(),
            "generate",
            CHELSEA.toString(),
            "--chapters=3",
            "--arc-length=2",
            "--words=60",
            "--title=Chelsea Asks the Server",
            "--out=" + book);

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
    String markdown = Files.readString(book);
    assertThat(markdown)
        .startsWith("---\nlang: \"en\"\nquality:\n  lengthScore: ")
        .contains("\n---\n\n# Chelsea Asks the Server\n");
    for (int n = 1; n <= 3; n++) {
      assertThat(markdown).contains("## Chapter " + n + ": The Shelf, Part " + n);
    }
    assertThat(markdown).contains("> **The story so far (chapters 1-2).**");

    // The start check listed the models; every request carried the key.
    assertThat(server.requests().getFirst().path()).isEqualTo("/v1/models");
    assertThat(server.requests())
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY));
    List<OpenAiRequest> completions = server.requests("/v1/chat/completions");
    OpenAiRequest vision = completions.getFirst();
    assertThat(vision.model()).isEqualTo(VISION);
    assertThat(vision.images()).singleElement().asString().startsWith("data:image/");
    assertThat(vision.responseFormatType()).isEqualTo("json_schema");
    assertThat(vision.temperature()).isEqualTo(0.2);

    List<OpenAiRequest> chapters =
        completions.stream().filter(r -> CHAPTER.matcher(r.prompt()).find()).toList();
    assertThat(chapters).hasSizeGreaterThanOrEqualTo(3);
    // 60 words a chapter: up to 96 pass, so 148 tokens and 64 for the JSON at English prose's
    // 1.4 tokens a word. Later chapters are sized from the server's count of the answer before
    // (Llama 3's 1.19 tokens a word), its summary and story-bible fields counted in (so the rate
    // errs high): 292, then 281.
    assertThat(chapters.getFirst().maxTokens()).isEqualTo(212);
    assertThat(chapters.subList(1, chapters.size()))
        .extracting(OpenAiRequest::maxTokens)
        .containsExactly(292, 281);
    assertThat(chapters)
        .allSatisfy(
            r -> {
              assertThat(r.model()).isEqualTo(TEXT);
              assertThat(r.responseFormatType()).isEqualTo("json_schema");
              assertThat(r.temperature()).isNull();
            });
    List<OpenAiRequest> judged =
        completions.stream().filter(r -> r.prompt().startsWith("You judge one chapter")).toList();
    assertThat(judged)
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(r -> assertThat(r.temperature()).isZero());
    assertThat(completions.stream().filter(r -> r.prompt().startsWith("Summarize chapters")))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.responseFormatType()).isEqualTo("json_schema"));
    assertThat(server.mostInFlight()).isBetween(1, 2);
    // The plan: one call with its schema before chapter 1, and chapter 2 written from its beat.
    assertThat(completions.stream().filter(r -> r.prompt().startsWith("Plan the book")))
        .singleElement()
        .satisfies(r -> assertThat(r.responseFormatType()).isEqualTo("json_schema"));
    assertThat(chapters.stream().filter(r -> r.prompt().contains("Write chapter 2 of")))
        .allSatisfy(
            r ->
                assertThat(r.prompt())
                    .contains("The plan for this chapter: " + StoryOllama.beat(2)));
  }

  @Test
  void aModelTheServerDoesNotServeExitsFourNamingTheSettingAndWhatItServes() {
    server.remove(TEXT);

    int code = cli(settings(), "generate", CHELSEA.toString());

    assertThat(code).isEqualTo(ExitCodes.OLLAMA);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "model " + TEXT + " (model.text, environment FABLESTREAM_MODEL_TEXT) is not served")
        .contains("it serves: " + VISION)
        .contains("FABLESTREAM_MODEL_TEXT=" + TEXT);
    assertThat(dir.resolve("data").resolve("kafka")).doesNotExist();
  }
}
