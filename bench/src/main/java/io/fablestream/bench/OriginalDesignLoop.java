package io.fablestream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.analyzer.AnalysisParser;
import io.fablestream.chapter.ChapterPrompt;
import io.fablestream.chapter.ChapterValidator;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.schemas.ArcRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The original design's way, as the baseline: one book at a time, one model call at a time, in a
 * plain loop over Ollama's HTTP API. Per book it makes the calls the pipeline makes: the vision
 * call, then per chapter the writer and the judge, a summary after the last chapter of every arc
 * (the last arc too, where the line's {@link ArcRule} says an arc ends), and after the last summary
 * the book's synopsis, so both sides spend the same model time per book. It asks for the answers
 * the services ask for: their own JSON schemas.
 *
 * @param models the gateway to the model server
 * @param visionModel the model that looks at the picture
 * @param textModel the model that writes, judges and summarises
 * @param shape chapters, arc length and words of every book
 */
record OriginalDesignLoop(
    ModelGateway models, String visionModel, String textModel, BookShape shape) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writes the books one after the other; returns each book's latency. */
  List<Duration> run(int books, byte[] image) {
    List<Duration> latencies = new ArrayList<>();
    for (int i = 0; i < books; i++) {
      long start = System.nanoTime();
      book(image);
      latencies.add(Duration.ofNanos(System.nanoTime() - start));
    }
    return latencies;
  }

  private void book(byte[] image) {
    JsonNode analysis =
        json(
            models
                .generate(
                    ModelRequest.text(visionModel, "Describe the picture as the seed of a story.")
                        .withImages(List.of(image))
                        .withJsonSchema(AnalysisParser.SCHEMA))
                .text());
    List<String> conflicts = new ArrayList<>();
    analysis.path("potentialConflicts").forEach(c -> conflicts.add(c.asText()));
    List<String> texts = new ArrayList<>();
    List<String> arcs = new ArrayList<>();
    String summary = null;
    for (int n = 1; n <= shape.chapters(); n++) {
      JsonNode chapter =
          json(
              models
                  .generate(
                      ModelRequest.text(textModel, chapterPrompt(analysis, conflicts, n, summary))
                          .withJsonSchema(ChapterPrompt.SCHEMA))
                  .text());
      String title = chapter.path("title").asText();
      String text = chapter.path("text").asText();
      texts.add("Chapter " + n + ": " + title + "\n" + text);
      models.generate(
          ModelRequest.text(textModel, judgePrompt(analysis, conflicts, title, text))
              .withJsonSchema(ChapterValidator.JUDGE_SCHEMA));
      if (ArcRule.endsArc(n, shape.arcLength(), shape.chapters())) {
        int from = ArcRule.arcStart(n, shape.arcLength());
        summary =
            models
                .generate(
                    ModelRequest.text(
                        textModel,
                        "Summarize chapters "
                            + from
                            + " to "
                            + n
                            + " of a story in exactly three sentences.\n\n"
                            + String.join("\n\n", texts.subList(from - 1, n))))
                .text();
        arcs.add("Chapters " + from + "-" + n + ": " + summary);
      }
    }
    models.generate(
        ModelRequest.text(
            textModel,
            "Write the "
                + CallPurpose.SYNOPSIS_MARK
                + " of a book, from the summaries of its parts below: 60 to 120 words.\n\n"
                + String.join("\n", arcs)));
  }

  private String chapterPrompt(JsonNode analysis, List<String> conflicts, int n, String summary) {
    StringBuilder p = new StringBuilder();
    p.append("Write chapter ").append(n).append(" of ").append(shape.chapters()).append(".\n");
    if (summary != null) {
      p.append("The story so far: ").append(summary).append('\n');
    }
    p.append("Setting: ").append(analysis.path("setting").asText()).append('\n');
    p.append("Mood: ").append(analysis.path("mood").asText()).append('\n');
    p.append("Conflicts:\n");
    conflicts.forEach(c -> p.append("- ").append(c).append('\n'));
    p.append("About ").append(shape.wordsPerChapter()).append(" words.\n");
    return p.toString();
  }

  private static String judgePrompt(
      JsonNode analysis, List<String> conflicts, String title, String text) {
    StringBuilder p = new StringBuilder("You judge one chapter of a story.\n\n");
    p.append("The mood the book must keep: ").append(analysis.path("mood").asText()).append('\n');
    p.append("The story's open conflicts:\n");
    conflicts.forEach(c -> p.append("- ").append(c).append('\n'));
    p.append("\nThe chapter, \"").append(title).append("\":\n").append(text);
    return p.toString();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("the simulator answered something that is not JSON", e);
    }
  }
}
