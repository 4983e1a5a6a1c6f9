package io.fablestream.summarizer;

import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookFailed;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.calls.PendingCalls;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.FreeText;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.ArcRule;
import io.fablestream.schemas.BookLanguage;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.fablestream.summarizer.state.ArcNote;
import io.fablestream.summarizer.state.ArcState;
import io.fablestream.summarizer.state.SummaryStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the summarizer asks the text model, and what it makes of each answer: an arc's summary
 * (asked again when empty), then for the last arc the book's synopsis (asked again when empty or
 * far from its length); a model that cannot answer fails the book.
 *
 * @param calls the kind of the model calls, issued off the stream thread
 * @param settings the summarizer's settings: model, attempts, context budget
 * @param metrics the summaries' meters
 * @param failures how a failed book is made and counted
 * @param clock the clock of the summaries' durations and the calls' stamps
 */
record SummaryAnswers(
    SummarizerCalls calls,
    SummarizerSettings settings,
    SummarizerMetrics metrics,
    BookFailures failures,
    Clock clock) {
  /** What came of an answer. */
  sealed interface Outcome {}

  /** Another call is asked; the book waits for it. */
  record Asked() implements Outcome {}

  /** A summary to publish (with the synopsis on the last arc). */
  record Summarized(ArcSummarized event) implements Outcome {}

  /** The book cannot go on. */
  record Failed(FailureReason reason, String message) implements Outcome {}

  /** Asks for the summary of the arc that ends at {@code through}. */
  void askSummary(ArcState arc, int through, SummaryTexts texts, PendingCalls pending) {
    int from = ArcRule.arcStart(through, arc.getArcLength());
    SummaryStep step =
        SummaryStep.newBuilder()
            .setFromChapter(from)
            .setThroughChapter(through)
            .setSynopsis(false)
            .setAttempt(1)
            .setCallId("")
            .build();
    arc.setStep(step);
    ask(arc, step, summaryPrompt(arc, step, texts), pending);
  }

  /** The next step after the answer to the book's pending call. */
  Outcome next(ArcState arc, Finished<ModelRequest, ModelAnswer> call, PendingCalls pending) {
    SummaryStep step = arc.getStep();
    ModelAnswer answer;
    switch (call) {
      case Finished.Failed<ModelRequest, ModelAnswer> failed -> {
        if (failed.failure() instanceof ModelException e) {
          return new Failed(FailureReason.MODEL_UNAVAILABLE, unavailable(step, e));
        }
        throw failed.failure();
      }
      case Finished.Answered<ModelRequest, ModelAnswer> answered -> answer = answered.answer();
    }
    spend(step, answer.usage());
    if (answer.cutShort()) {
      // Stopped by its length limit: asked again, same attempt, with a larger bound, as far as the
      // window allows.
      OptionalInt raised = settings.budget().raisedAnswerBound(call.request());
      if (raised.isEmpty()) {
        return new Failed(
            FailureReason.ANSWER_EXCEEDS_CONTEXT,
            settings.budget().stillWriting(call.request(), writing(step), "ask for shorter arcs"));
      }
      step.setAnswerTokens(raised.getAsInt());
      ask(arc, step, call.request().prompt(), pending);
      return new Asked();
    }
    // Whatever preamble, title, markdown or quotes the model still wrapped around the text is
    // removed before it is counted, stored or sent on.
    String text = FreeText.of(answer.text(), step.getSynopsis() ? "blurb" : "summary");
    learnTokensPerWord(arc, step, answer, text);
    if (!step.getSynopsis()) {
      if (text.isEmpty()) {
        return again(arc, step, call.request(), null, pending);
      }
      String soFar = bookSoFar(arc, step, answer.text(), text);
      if (step.getThroughChapter() == arc.getChapterCount()) {
        step.setSummary(text);
        step.setSynopsis(true);
        step.setAttempt(1);
        step.setAnswerTokens(0);
        ask(
            arc,
            step,
            SummaryPrompt.synopsis(withLast(arc, step, text), arc.getLanguage(), null),
            pending);
        return new Asked();
      }
      return summarized(arc, step, text, soFar, null, answer.model(), call.issuedAt());
    }
    int words = text.isEmpty() ? 0 : text.split(" ").length;
    boolean fits =
        words >= SummaryPrompt.SYNOPSIS_MIN_WORDS && words <= SummaryPrompt.SYNOPSIS_MAX_WORDS;
    if (text.isEmpty() || (!fits && step.getAttempt() < settings.maxAttempts())) {
      String feedback =
          "it had "
              + words
              + " words; write "
              + SummaryPrompt.SYNOPSIS_MIN_WORDS
              + " to "
              + SummaryPrompt.SYNOPSIS_MAX_WORDS
              + ".";
      ModelRequest retry =
          call.request()
              .withPrompt(
                  SummaryPrompt.synopsis(
                      withLast(arc, step, step.getSummary()), arc.getLanguage(), feedback));
      return again(arc, step, retry, feedback, pending);
    }
    return summarized(arc, step, step.getSummary(), null, text, answer.model(), call.issuedAt());
  }

  /** The BookFailed of a book whose summary cannot be had. */
  BookFailed failed(ArcState arc, FailureReason reason, String message, int chapter, Instant at) {
    return failures.failed(
        arc.getBookId(), Stage.SUMMARIZE, reason, message, chapter, arc.getRevision(), at);
  }

  private Outcome again(
      ArcState arc, SummaryStep step, ModelRequest request, String feedback, PendingCalls pending) {
    if (step.getAttempt() >= settings.maxAttempts()) {
      return new Failed(
          FailureReason.INVALID_MODEL_OUTPUT,
          "The text model "
              + settings.textModel()
              + " answered "
              + writing(step)
              + " with no usable text "
              + settings.maxAttempts()
              + " times. Try another model ("
              + ModelSettings.TEXT_MODEL.name()
              + "), then submit the picture again.");
    }
    step.setAttempt(step.getAttempt() + 1);
    step.setFeedback(feedback);
    ask(arc, step, request.prompt(), pending);
    return new Asked();
  }

  private Summarized summarized(
      ArcState arc,
      SummaryStep step,
      String summary,
      String bookSoFar,
      String synopsis,
      String model,
      long since) {
    List<ArcNote> summaries = new ArrayList<>(arc.getSummaries());
    summaries.removeIf(s -> s.getThroughChapter() == step.getThroughChapter());
    summaries.add(new ArcNote(step.getFromChapter(), step.getThroughChapter(), summary, bookSoFar));
    summaries.sort(Comparator.comparingInt(ArcNote::getThroughChapter));
    arc.setSummaries(summaries);
    arc.setStep(null);
    Usage spent =
        new Usage(
            step.getPromptTokens(), step.getOutputTokens(), step.getDurationMs(), step.getCalls());
    metrics.summaryWritten(Duration.ofMillis(Math.max(0, clock.millis() - since)));
    return new Summarized(
        ArcSummarized.newBuilder()
            .setBookId(arc.getBookId())
            .setFromChapter(step.getFromChapter())
            .setThroughChapter(step.getThroughChapter())
            .setSummary(summary)
            .setModel(model)
            .setUsage(spent.toEvent())
            .setRevision(arc.getRevision())
            .setSynopsis(synopsis)
            .setBookSoFar(bookSoFar)
            .build());
  }

  private void ask(ArcState arc, SummaryStep step, String prompt, PendingCalls pending) {
    step.setCallId(
        "r"
            + arc.getRevision()
            + "/arc"
            + step.getThroughChapter()
            + (step.getSynopsis() ? "/synopsis" : "")
            + "/a"
            + step.getAttempt());
    pending.issue(
        arc.getBookId(),
        step.getCallId(),
        calls.model,
        answerBound(
            ModelRequest.text(settings.textModel(), prompt)
                .withSystem(SummaryPrompt.system(arc.getLanguage()))
                .withJsonSchema(
                    step.getSynopsis()
                        ? SummaryPrompt.SYNOPSIS_SCHEMA
                        : soFarAsked(arc, step) > 0
                            ? SummaryPrompt.SUMMARY_AND_SO_FAR_SCHEMA
                            : SummaryPrompt.SUMMARY_SCHEMA),
            step.getSynopsis()
                ? BookBudget.SYNOPSIS_WORDS
                : BookBudget.SUMMARY_WORDS + soFarAsked(arc, step),
            ContextBudget.tokensPerWord(arc.getTokensPerWord(), arc.getLanguage()),
            step.getAnswerTokens()),
        clock.millis());
  }

  /**
   * A request bounded to so many words at the book's tokens a word: learned from the server's
   * counts of the summarizer's earlier answers, else the estimate for the book's language.
   */
  private static ModelRequest answerBound(
      ModelRequest request, int words, int tokensPerWord, int raised) {
    return request
        .withAnswerWords(words)
        .withAnswerTokens(raised > 0 ? raised : ContextBudget.answerTokens(words, tokensPerWord));
  }

  /**
   * Learns the book's tokens per word from the server's count of a whole answer, by the writer's
   * rule ({@link ContextBudget#learnedTokensPerWord}): its words are the text's and, when asked
   * for, the book so far's (the fields the answer was bounded for).
   */
  private static void learnTokensPerWord(
      ArcState arc, SummaryStep step, ModelAnswer answer, String text) {
    String soFar =
        !step.getSynopsis() && soFarAsked(arc, step) > 0
            ? FreeText.field(answer.text(), "bookSoFar").orElse("")
            : "";
    int learned =
        ContextBudget.learnedTokensPerWord(
            answer.usage().outputTokens(),
            BookLanguage.wordsIn(text) + BookLanguage.wordsIn(soFar));
    if (learned > 0) {
      arc.setTokensPerWord(learned);
    }
  }

  private String summaryPrompt(ArcState arc, SummaryStep step, SummaryTexts texts) {
    int from = step.getFromChapter();
    String before =
        arc.getSummaries().stream()
            .filter(s -> s.getThroughChapter() == from - 1)
            .map(s -> s.getBookSoFar() != null ? s.getBookSoFar() : s.getSummary())
            .findFirst()
            .orElse(null);
    return SummaryPrompt.of(
        from,
        step.getThroughChapter(),
        texts.range(arc.getBookId(), from, step.getThroughChapter()),
        before,
        soFarAsked(arc, step),
        arc.getLanguage());
  }

  /**
   * Whether the book so far through this arc will be read: a writer's prompt folds the arcs older
   * than the latest {@link BookBudget#KEPT_ARC_SUMMARIES} into the book so far of the newest of
   * them, so arc k's is read by the chapters of arc k + KEPT + 1, when the book has one; and the
   * next arc's summary retells the story from it.
   */
  static boolean bookSoFarRead(ArcState arc, int through) {
    int arcLength = Math.max(1, arc.getArcLength());
    int arc1Based = (through - 1) / arcLength + 1;
    return arc1Based
        <= ArcRule.arcCount(arcLength, arc.getChapterCount()) - BookBudget.KEPT_ARC_SUMMARIES - 1;
  }

  /**
   * The words of the book so far asked for with this arc's summary: {@link
   * BookBudget#BOOK_SO_FAR_WORDS} when it will be read and an earlier arc's story comes before it,
   * else 0 (the first arc's book so far is its summary).
   */
  private static int soFarAsked(ArcState arc, SummaryStep step) {
    return !step.getSynopsis()
            && step.getFromChapter() > 1
            && bookSoFarRead(arc, step.getThroughChapter())
        ? BookBudget.BOOK_SO_FAR_WORDS
        : 0;
  }

  /**
   * The book so far through this arc, at most {@link BookBudget#BOOK_SO_FAR_WORDS} words: as the
   * answer gave it when asked (null when the model left it out: the writer then folds the older
   * summaries itself), the summary itself for the first arc, null when no chapter will read it.
   */
  private static String bookSoFar(ArcState arc, SummaryStep step, String answer, String summary) {
    if (!bookSoFarRead(arc, step.getThroughChapter())) {
      return null;
    }
    String text =
        soFarAsked(arc, step) > 0 ? FreeText.field(answer, "bookSoFar").orElse("") : summary;
    return text.isBlank() ? null : bounded(text, BookBudget.BOOK_SO_FAR_WORDS);
  }

  /**
   * A text cut to at most {@code max} words: at the last sentence's end that fits, else after the
   * words that fit, with an ellipsis.
   */
  static String bounded(String text, int max) {
    String[] words = text.strip().split("\\s+");
    if (words.length <= max) {
      return String.join(" ", words);
    }
    String head = String.join(" ", java.util.Arrays.asList(words).subList(0, max));
    java.util.regex.Matcher end = SENTENCE_END.matcher(head);
    int cut = -1;
    while (end.find()) {
      cut = end.end();
    }
    return cut > 0 ? head.substring(0, cut) : head + "...";
  }

  private static final java.util.regex.Pattern SENTENCE_END =
      java.util.regex.Pattern.compile("[.!?\u3002\uFF01\uFF1F](?=\\s|$)");

  private static List<ArcNote> withLast(ArcState arc, SummaryStep step, String summary) {
    List<ArcNote> all = new ArrayList<>(arc.getSummaries());
    all.removeIf(s -> s.getThroughChapter() >= step.getFromChapter());
    all.add(new ArcNote(step.getFromChapter(), step.getThroughChapter(), summary, null));
    return all;
  }

  private static void spend(SummaryStep step, Usage usage) {
    step.setPromptTokens(step.getPromptTokens() + usage.promptTokens());
    step.setOutputTokens(step.getOutputTokens() + usage.outputTokens());
    step.setDurationMs(step.getDurationMs() + usage.durationMs());
    step.setCalls(step.getCalls() + usage.calls());
  }

  /** What the step's call writes, for messages: the arc's summary or the book's synopsis. */
  private static String writing(SummaryStep step) {
    return step.getSynopsis() ? "the book's synopsis" : "the summary of chapters " + span(step);
  }

  private static String span(SummaryStep step) {
    return step.getFromChapter() + "-" + step.getThroughChapter();
  }

  private String unavailable(SummaryStep step, ModelException e) {
    return e.serverCouldNot(
        step.getSynopsis() ? "write the book's synopsis" : "summarise chapters " + span(step),
        settings.models().serverFix(List.of(ModelRole.TEXT)));
  }
}
