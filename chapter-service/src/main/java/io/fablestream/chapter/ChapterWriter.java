package io.fablestream.chapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.chapter.ChapterSettings.ExhaustedPolicy;
import io.fablestream.chapter.state.BookState;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.FailureReason;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Writes one chapter: retrieval, the prompt, the text model's draft, the validation layer, and
 * rewrites with the failures as feedback until a draft passes or the attempts run out.
 */
final class ChapterWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RAW_OUTPUT_SHOWN = 300;

  private final ModelGateway models;
  private final StoryRecall recall;
  private final ChapterValidator validator;
  private final KeywordExtractor keywords = new KeywordExtractor(8);
  private final ChapterSettings settings;
  private final ChapterMetrics metrics;

  ChapterWriter(
      ModelGateway models,
      StoryRecall recall,
      ChapterValidator validator,
      ChapterSettings settings,
      ChapterMetrics metrics) {
    this.models = models;
    this.recall = recall;
    this.validator = validator;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Writes chapter {@code number} of an open book. Never throws for a model or store failure. */
  ChapterOutcome write(BookState book, int number) {
    List<MemoryHit> context;
    try {
      context = recall.recall(book, number);
    } catch (StoreUnavailableException e) {
      return new ChapterOutcome.Failed(
          FailureReason.STORE_UNAVAILABLE,
          "Story memory could not be searched before chapter "
              + number
              + ": "
              + e.getMessage()
              + ". Check the vector store (QDRANT_URL, or the local index under data.dir), then"
              + " submit the picture again.",
          0,
          Usage.NONE);
    }
    String firstPrompt = ChapterPrompt.forChapter(book, number, context);
    Usage spent = Usage.NONE;
    Candidate best = null;
    String lastRawOutput = "";
    List<String> feedback = List.of();
    int attempt = 0;
    try {
      while (attempt < settings.maxAttempts()) {
        attempt++;
        String prompt =
            feedback.isEmpty() ? firstPrompt : ChapterPrompt.rewrite(firstPrompt, feedback);
        ModelAnswer answer = models.generate(request(prompt));
        spent = spent.plus(answer.usage());
        Optional<Draft> draft = parse(answer.text());
        if (draft.isEmpty()) {
          lastRawOutput = answer.text();
          metrics.validationFailure(Check.INVALID_OUTPUT);
          feedback =
              List.of(
                  "Your answer was not the JSON asked for. Answer with one JSON object with the"
                      + " string fields title and text, and nothing else.");
          continue;
        }
        Verdict verdict = validator.check(draft.get(), book, number);
        spent = spent.plus(verdict.usage());
        verdict.failures().forEach(f -> metrics.validationFailure(f.check()));
        Candidate candidate = new Candidate(draft.get(), verdict);
        if (verdict.passed()) {
          return published(book, number, candidate, attempt, spent);
        }
        if (best == null || candidate.betterThan(best)) {
          best = candidate;
        }
        feedback = verdict.notes();
      }
    } catch (ModelException e) {
      return new ChapterOutcome.Failed(
          FailureReason.MODEL_UNAVAILABLE, unavailable(number, e), attempt, spent);
    }
    if (best == null) {
      return new ChapterOutcome.Failed(
          FailureReason.INVALID_MODEL_OUTPUT,
          "The text model "
              + settings.textModel()
              + " answered chapter "
              + number
              + " "
              + attempt
              + " times without the JSON asked for ({\"title\", \"text\"}). Its last answer began: "
              + cut(lastRawOutput)
              + " Try a model that follows JSON schemas (ollama.text.model).",
          attempt,
          spent);
    }
    if (settings.exhaustedPolicy() == ExhaustedPolicy.FAIL) {
      return new ChapterOutcome.Failed(
          FailureReason.VALIDATION_EXHAUSTED,
          "Chapter "
              + number
              + " failed validation on all "
              + attempt
              + " attempts (chapter.exhausted.policy=fail). The best attempt: "
              + String.join(" ", best.verdict().notes()),
          attempt,
          spent);
    }
    return published(book, number, best, attempt, spent);
  }

  private ModelRequest request(String prompt) {
    return ModelRequest.text(settings.textModel(), prompt)
        .withSystem(ChapterPrompt.SYSTEM)
        .withJsonSchema(ChapterPrompt.SCHEMA);
  }

  private ChapterOutcome published(
      BookState book, int number, Candidate candidate, int attempts, Usage spent) {
    Draft draft = candidate.draft();
    Verdict verdict = candidate.verdict();
    ChapterWritten chapter =
        ChapterWritten.newBuilder()
            .setBookId(book.getBookId())
            .setChapterNumber(number)
            .setChapterCount(book.getChapterCount())
            .setTitle(draft.title())
            .setText(draft.text())
            .setWordCount(draft.wordCount())
            .setKeywords(keywords.keywords(draft.text()))
            .setAttempts(attempts)
            .setValidation(
                ChapterValidation.newBuilder()
                    .setMoodScore(verdict.moodScore())
                    .setConflictCount(verdict.conflictsAdvanced())
                    .setPassed(verdict.passed())
                    .setNotes(verdict.notes())
                    .build())
            .setModel(settings.textModel())
            .setUsage(spent.toEvent())
            .build();
    return new ChapterOutcome.Published(chapter, spent);
  }

  private String unavailable(int number, ModelException e) {
    String models =
        settings.judgeModel().equals(settings.textModel())
            ? settings.textModel()
            : settings.textModel() + " and " + settings.judgeModel();
    return "The model server could not answer for chapter "
        + number
        + " ("
        + e.kind()
        + " after "
        + e.attempts()
        + " tries): "
        + e.getMessage()
        + ". Fix: start Ollama where OLLAMA_HOST points and pull "
        + models
        + " (ollama pull <model>), then submit the picture again.";
  }

  /** The draft in the model's answer, or empty when it is not the JSON asked for. */
  static Optional<Draft> parse(String answer) {
    try {
      JsonNode node = JSON.readTree(answer);
      if (node == null
          || !node.isObject()
          || !node.path("title").isTextual()
          || !node.path("text").isTextual()
          || node.get("text").asText().isBlank()) {
        return Optional.empty();
      }
      String title = node.get("title").asText().strip();
      return Optional.of(
          new Draft(title.isEmpty() ? "Untitled" : title, node.get("text").asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String cut(String raw) {
    String flat = raw.replaceAll("\\s+", " ").strip();
    return flat.length() <= RAW_OUTPUT_SHOWN ? flat : flat.substring(0, RAW_OUTPUT_SHOWN) + "...";
  }

  /** An attempt that reached the judge. */
  private record Candidate(Draft draft, Verdict verdict) {
    /** Fewer failed checks wins; then the better mood. */
    boolean betterThan(Candidate other) {
      int mine = verdict.failures().size();
      int theirs = other.verdict.failures().size();
      return mine != theirs ? mine < theirs : verdict.moodScore() > other.verdict.moodScore();
    }
  }
}
