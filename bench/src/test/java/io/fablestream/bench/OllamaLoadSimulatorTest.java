package io.fablestream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.analyzer.AnalysisParser;
import io.fablestream.chapter.ChapterPrompt;
import io.fablestream.chapter.ChapterValidator;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.FreeText;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.configured.ModelProviders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OllamaLoadSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void answersEachCallInTheShapeItsSchemaAsksForAndFollowsTheBook() throws Exception {
    try (OllamaLoadSimulator ollama =
        OllamaLoadSimulator.start(2, Latencies.ZERO, "llava:7b", "llama3.1:8b")) {
      ModelGateway models = gateway(ollama);

      JsonNode analysis =
          JSON.readTree(
              models
                  .generate(
                      ModelRequest.text("llava:7b", "Describe the picture.")
                          .withImages(List.of(BenchImage.png(1)))
                          .withJsonSchema(AnalysisParser.SCHEMA))
                  .text());
      assertThat(analysis.fieldNames())
          .toIterable()
          .containsExactlyInAnyOrder(
              "setting", "characters", "mood", "objects", "potentialConflicts");
      List<String> conflicts = new ArrayList<>();
      analysis.get("potentialConflicts").forEach(c -> conflicts.add(c.asText()));

      String prompt =
          "Write chapter 2 of 5.\nConflicts:\n- "
              + String.join("\n- ", conflicts)
              + "\nAbout 300 words (no fewer than 240, no more than 480).";
      JsonNode chapter =
          JSON.readTree(
              models
                  .generate(
                      ModelRequest.text("llama3.1:8b", prompt).withJsonSchema(ChapterPrompt.SCHEMA))
                  .text());
      String text = chapter.get("text").asText();
      assertThat(chapter.get("title").asText()).startsWith("Chapter 2: ");
      assertThat(SimulatedAnswers.wordsIn(text)).isBetween(240, 480);
      assertThat(conflicts).anyMatch(text::contains);

      JsonNode verdict =
          JSON.readTree(
              models
                  .generate(
                      ModelRequest.text(
                              "llama3.1:8b",
                              "The story's open conflicts:\n- "
                                  + String.join("\n- ", conflicts)
                                  + "\n\nThe chapter, \""
                                  + chapter.get("title").asText()
                                  + "\":\n"
                                  + text)
                          .withJsonSchema(ChapterValidator.JUDGE_SCHEMA))
                  .text());
      assertThat(verdict.get("score").asDouble()).isBetween(0.7, 1.0);
      assertThat(verdict.get("advancedConflicts")).isNotEmpty();
      assertThat(conflicts).contains(verdict.get("advancedConflicts").get(0).asText());
      // Evidence first, as chapter-service's judge schema asks: a sentence of the chapter itself.
      assertThat(text).contains(verdict.get("evidence").get(0).get("sentence").asText());
      assertThat(verdict.get("tone").asInt()).isEqualTo(4);

      String summary =
          models
              .generate(
                  ModelRequest.text(
                      "llama3.1:8b", "Summarize chapters 1 to 5 of a story.\n\n" + text))
              .text();
      // As Llama 3.1 does, a preamble first; the text the summarizer keeps is three sentences.
      assertThat(summary).startsWith("Here is a summary of chapters 1 to 5 in three sentences:");
      assertThat(FreeText.of(summary, "summary").split("\\. ")).hasSize(3);

      String synopsis =
          models
              .generate(
                  ModelRequest.text(
                      "llama3.1:8b",
                      "Write the back-cover blurb of a book, from the summaries of its parts"
                          + " below: 60 to 120 words.\n\nChapters 1-5: "
                          + summary))
              .text();
      assertThat(synopsis).startsWith("Here is a back-cover blurb:");
      assertThat(SimulatedAnswers.wordsIn(FreeText.of(synopsis, "blurb"))).isBetween(60, 120);
      assertThat(synopsis).contains("Saltmere 1");

      assertThat(ollama.calls())
          .extracting(SimulatedCall::purpose, SimulatedCall::story, SimulatedCall::chapter)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(CallPurpose.VISION, 1, 0),
              org.assertj.core.groups.Tuple.tuple(CallPurpose.CHAPTER, 1, 2),
              org.assertj.core.groups.Tuple.tuple(CallPurpose.JUDGE, 1, 2),
              org.assertj.core.groups.Tuple.tuple(CallPurpose.SUMMARY, 1, 5),
              org.assertj.core.groups.Tuple.tuple(CallPurpose.SYNOPSIS, 1, 5));
    }
  }

  @Test
  void aChapterAskedAbove800WordsComesBackAtAbout60PercentAndAPartAtItsOwnLength() {
    String whole = "Write chapter 1 of 2.\n- The storm will cut Saltmere 3 off.\nAbout 1500 words";
    String part = whole + "\nCONTINUE IT: this is part 2 of 3. Write about 500 more words";

    assertThat(SimulatedAnswers.wordsIn(text(SimulatedAnswers.chapter(whole, 1))))
        .isBetween(855, 1350);
    assertThat(SimulatedAnswers.wordsIn(text(SimulatedAnswers.chapter(part, 1))))
        .isBetween(475, 750);
  }

  @Test
  void chaptersOfOneBookShareAlmostNoFiveWordRun() {
    String prompt = "Write chapter 1 of 5.\n- The storm will cut Saltmere 3 off.\nAbout 300 words";
    Set<String> earlier = fiveGrams(text(SimulatedAnswers.chapter(prompt, 1)));
    List<String> later = List.copyOf(fiveGrams(text(SimulatedAnswers.chapter(prompt, 2))));
    long shared = later.stream().filter(earlier::contains).count();
    assertThat((double) shared / later.size()).isLessThan(0.1);
  }

  @Test
  void neverServesMoreCallsAtOnceThanItHasSlots() throws Exception {
    Latencies slow =
        new Latencies(
            Duration.ofMillis(40),
            Duration.ofMillis(40),
            Duration.ofMillis(40),
            Duration.ZERO,
            Duration.ZERO);
    try (OllamaLoadSimulator ollama = OllamaLoadSimulator.start(2, slow, "llama3.1:8b");
        ExecutorService clients = Executors.newFixedThreadPool(6)) {
      ModelGateway models = gateway(ollama);
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        sent.add(
            clients.submit(
                () ->
                    models.generate(
                        ModelRequest.text("llama3.1:8b", "Write chapter 1 of 1. About 50 words")
                            .withJsonSchema(ChapterPrompt.SCHEMA))));
      }
      for (Future<?> f : sent) {
        f.get();
      }
      List<SimulatedCall> calls = ollama.calls();
      assertThat(calls).hasSize(6);
      for (SimulatedCall call : calls) {
        long overlapping =
            calls.stream()
                .filter(o -> o.started() <= call.started() && o.ended() > call.started())
                .count();
        assertThat(overlapping).isLessThanOrEqualTo(2);
      }
      assertThat(calls).anyMatch(c -> c.queuedNanos() > 0);
    }
  }

  @Test
  void overheadIsTheGapBeforeEachChapterCallNotTheQueue() {
    List<SimulatedCall> calls =
        List.of(
            new SimulatedCall(CallPurpose.VISION, 1, 0, 0, 0, 100),
            new SimulatedCall(CallPurpose.CHAPTER, 1, 1, 110, 500, 700),
            new SimulatedCall(CallPurpose.JUDGE, 1, 1, 702, 702, 800),
            new SimulatedCall(CallPurpose.CHAPTER, 1, 2, 830_000_800, 830_000_800, 830_000_900));
    assertThat(RunFigures.overheadMillis(calls)).containsExactlyInAnyOrder(10 / 1e6, 830.0);
  }

  @Test
  void baselineSummarisesEveryArcTheLastOneIncludedThenWritesTheSynopsis() {
    BookShape shape = new BookShape(7, 3, 60);
    try (OllamaLoadSimulator ollama =
        OllamaLoadSimulator.start(1, Latencies.ZERO, "llava:7b", "llama3.1:8b")) {
      new OriginalDesignLoop(gateway(ollama), "llava:7b", "llama3.1:8b", shape)
          .run(1, BenchImage.png(1));

      List<SimulatedCall> calls = ollama.calls();
      assertThat(calls)
          .filteredOn(c -> c.purpose() == CallPurpose.SUMMARY)
          .extracting(SimulatedCall::chapter)
          .containsExactly(3, 6, 7);
      assertThat(calls.get(calls.size() - 1).purpose()).isEqualTo(CallPurpose.SYNOPSIS);
      assertThat(calls).hasSize(shape.calls()).allMatch(c -> c.story() == 1);
    }
  }

  @Test
  void theLimitIsTheBooksModelTimeSpreadOverTheSlots() {
    BookShape shape = new BookShape(5, 5, 300);
    Duration perBook = Latencies.DEFAULTS.perBook(shape);
    assertThat(perBook).isEqualTo(Duration.ofMillis(2500 + 5 * 7000 + 1500 + 1500));
    // 32 books of 40.5 s on 8 slots: 162 s at best, 711 books an hour.
    assertThat(figures(32, 8, perBook).limitBooksPerHour()).isCloseTo(711.1, within(0.1));
    // Fewer books than slots: one book's chain of calls is the bound.
    assertThat(figures(2, 8, perBook).limitBooksPerHour()).isCloseTo(177.8, within(0.1));
  }

  private static RunFigures figures(int books, int parallel, Duration perBook) {
    return RunFigures.of(
        "run",
        0,
        parallel,
        Duration.ofMinutes(1),
        List.of(),
        java.util.Collections.nCopies(books, Duration.ofSeconds(1)),
        -1,
        perBook,
        13,
        null);
  }

  private static ModelGateway gateway(OllamaLoadSimulator ollama) {
    return ModelProviders.fromConfig(
        Config.of(Map.of("ollama.host", ollama.uri().toString())), null);
  }

  private static String text(String chapterJson) {
    try {
      return JSON.readTree(chapterJson).get("text").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<String> fiveGrams(String text) {
    String[] words = text.toLowerCase(java.util.Locale.ROOT).split("\\W+");
    Set<String> grams = new HashSet<>();
    for (int i = 0; i + 5 <= words.length; i++) {
      grams.add(String.join(" ", java.util.Arrays.copyOfRange(words, i, i + 5)));
    }
    return grams;
  }
}
