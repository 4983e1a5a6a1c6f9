package io.fablestream.chapter;

import io.fablestream.chapter.ChapterSettings.ExhaustedPolicy;
import io.fablestream.chapter.state.BestAttempt;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterStep;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.chapter.state.StepPhase;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.BookLanguage;
import io.fablestream.schemas.FailureReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes one chapter as a run of calls made off the stream thread, each step recorded in the book's
 * state ({@link ChapterStep}) so that it survives a move of the task: story memory is searched, the
 * writer drafts (a long chapter in parts, each call continuing the last), the checks that need no
 * model run, the judge scores a draft that passed them (or the last attempt's), and a draft that
 * fails is extended when it is only too short, else revised with every note so far, until one
 * passes or the attempts run out.
 *
 * @param calls the calls it issues: the search of story memory, the writer's and the judge's
 * @param recall what story memory is asked before each chapter, and which passages are kept
 * @param validator the checks of a draft, and the judge's request and verdict
 * @param settings the service's settings: models, attempts, policy, context budget
 * @param metrics the chapters' meters
 */
record ChapterSteps(
    ChapterCalls calls,
    StoryRecall recall,
    ChapterValidator validator,
    ChapterSettings settings,
    ChapterMetrics metrics) {
  private static final int RAW_OUTPUT_SHOWN = 300;

  /**
   * Above this many words, a chapter is written in parts (scenes), each call continuing the last:
   * asked for 1,500 words, a 7-8B model writes 500 to 900 (LongWriter, HelloBench), while up to
   * about 800 it comes close to the length asked.
   */
  static final int SCENE_WORDS = 800;

  /** The fewest words a continuing part asks for. */
  private static final int MIN_PART_WORDS = 50;

  /** What came of a finished call for a chapter. */
  sealed interface Outcome {}

  /** The next call of the chapter is issued; the book waits for it. */
  record Waiting() implements Outcome {}

  /** A chapter to publish: it passed, or it is the best attempt and the policy is to publish. */
  record Published(ChapterWritten chapter, Usage usage, long tookMs) implements Outcome {}

  /** The book cannot go on. */
  record Failed(FailureReason reason, String message) implements Outcome {}

  /** The ChapterWritten events of the service's text model. */
  private ChapterEvents events() {
    return new ChapterEvents(settings.textModel());
  }

  /**
   * Begins chapter {@code n} of the book's current revision: story memory is searched first.
   *
   * @param instruction a person's instruction to rewrite the chapter with, or null
   */
  void begin(BookTask task, BookState book, int n, String instruction) {
    long now = task.now();
    ChapterStep step =
        ChapterStep.newBuilder()
            .setChapter(n)
            .setAttempt(1)
            .setStartedAt(now)
            .setPhase(StepPhase.RECALL)
            .setCallId(callId(book, n, "recall"))
            .setInstruction(instruction)
            .setFeedback(new ArrayList<>())
            .setDraftFailures(new ArrayList<>())
            .setDraftChecks(new ArrayList<>())
            .setContradictionsFound(new ArrayList<>())
            .setSpent(BookTransitions.spent(Usage.NONE))
            .setParts(parts(book.getWordsPerChapter()))
            .setPart(0)
            .build();
    book.setStep(step);
    MemoryQuery query = recall.query(book, n, previousText(book, n, task.texts()));
    task.issue(book, step.getCallId(), calls.recall, query);
  }

  /** Whether a finished call is the one the book's chapter waits for. */
  static boolean awaited(BookState book, Finished<?, ?> call) {
    return book.getStep() != null && book.getStep().getCallId().equals(call.id());
  }

  /** Applies the call the chapter waited for, and takes its next step. */
  Outcome answered(BookTask task, BookState book, Finished<?, ?> call) {
    ChapterStep step = book.getStep();
    if (step.getPhase() == StepPhase.RECALL) {
      return recalled(task, book, call.as(calls.recall));
    }
    Finished<ModelRequest, ModelAnswer> model = call.as(calls.model);
    ModelAnswer answer;
    switch (model) {
      case Finished.Failed<ModelRequest, ModelAnswer> failed -> {
        return unavailable(step, failed.failure());
      }
      case Finished.Answered<ModelRequest, ModelAnswer> answered -> answer = answered.answer();
    }
    spend(step, answer.usage());
    return step.getPhase() == StepPhase.WRITE
        ? drafted(task, book, model.request(), answer)
        : judged(task, book, answer);
  }

  private Outcome recalled(
      BookTask task, BookState book, Finished<MemoryQuery, Recalled> recalled) {
    ChapterStep step = book.getStep();
    BookTexts texts = task.texts();
    int n = step.getChapter();
    Recalled memories;
    switch (recalled) {
      case Finished.Failed<MemoryQuery, Recalled> failed -> {
        if (failed.failure() instanceof StoreUnavailableException e) {
          return new Failed(
              FailureReason.STORE_UNAVAILABLE,
              "Story memory could not be searched before chapter "
                  + n
                  + ": "
                  + e.getMessage()
                  + ". Check the vector store (QDRANT_URL, or the local index under data.dir), then"
                  + " submit the picture again.");
        }
        throw failed.failure();
      }
      case Finished.Answered<MemoryQuery, Recalled> answered -> memories = answered.answer();
    }
    String prompt =
        ChapterPrompt.forChapter(
            book,
            n,
            recall.chosen(
                texts.recalled(recalled.request(), memories), n, previousText(book, n, texts)),
            c -> texts.get(book.getBookId(), c).map(ChapterText::getText));
    if (step.getInstruction() != null) {
      ChapterText before =
          texts
              .get(book.getBookId(), n)
              .orElseThrow(() -> new IllegalStateException("no chapter " + n + " to revise"));
      prompt =
          ChapterPrompt.revise(prompt, before.getTitle(), before.getText(), step.getInstruction());
    }
    step.setPrompt(prompt);
    return write(task, book);
  }

  /** The writer answered (its cost already counted): a part, a draft, or an answer cut short. */
  private Outcome drafted(BookTask task, BookState book, ModelRequest asked, ModelAnswer answer) {
    ChapterStep step = book.getStep();
    if (answer.cutShort()) {
      // Stopped by its length limit, the JSON left open: asked again, same attempt, with a larger
      // bound, as far as the window allows.
      OptionalInt raised = settings.budget().raisedAnswerBound(asked);
      if (raised.isEmpty()) {
        return new Failed(
            FailureReason.ANSWER_EXCEEDS_CONTEXT,
            settings
                .budget()
                .stillWriting(
                    asked, "chapter " + step.getChapter(), "ask for fewer words per chapter"));
      }
      step.setAnswerTokens(raised.getAsInt());
      return write(task, book);
    }
    Optional<Draft> parsed = Draft.parse(answer.text());
    parsed.ifPresent(d -> learnTokensPerWord(book, d, answer.usage()));
    if (parsed.isEmpty()) {
      metrics.validationFailure(Check.INVALID_OUTPUT);
      step.setLastRawOutput(cut(answer.text()));
      step.setFeedback(
          allNotes(
              step.getFeedback(),
              List.of(
                  "Your answer was not the JSON asked for. Answer with one JSON object with the"
                      + " string fields title and text, and nothing else.")));
      return nextAttempt(task, book);
    }
    int n = step.getChapter();
    int target = book.getWordsPerChapter();
    Draft draft =
        step.getPart() > 0 && step.getDraftText() != null
            ? new Draft(
                step.getDraftTitle(),
                step.getDraftText().strip() + "\n\n" + parsed.get().text().strip())
            : parsed.get();
    // The writer's summary and bible delta, its parts' joined (BibleUpdate).
    BibleUpdate said = BibleUpdate.parse(answer.text());
    step.setDraftAnswer(
        (step.getPart() > 0 ? BibleUpdate.read(step.getDraftAnswer()).then(said) : said).toJson());
    step.setPart(step.getPart() + 1);
    step.setDraftTitle(draft.title());
    step.setDraftText(draft.text());
    if (step.getPart() < step.getParts() && draft.wordCount() < target) {
      // The next scene of the chapter, continuing this one: the same attempt.
      return write(task, book);
    }
    List<Verdict.Failure> local =
        validator.localChecks(draft, target, task.texts().through(book.getBookId(), n - 1), n);
    if (!local.isEmpty() && step.getAttempt() < settings.maxAttempts()) {
      // A check that needs no model already failed: the judge is not asked about this draft.
      local.forEach(f -> metrics.validationFailure(f.check()));
      step.setFeedback(allNotes(step.getFeedback(), notes(local)));
      step.setAttempt(step.getAttempt() + 1);
      if (onlyTooShort(local, draft, target)) {
        // Too short, and otherwise sound: extended by one more part, not thrown away.
        step.setParts(step.getPart() + 1);
      } else {
        step.setPart(0);
        step.setParts(parts(target));
      }
      return write(task, book);
    }
    step.setPhase(StepPhase.JUDGE);
    step.setDraftChecks(local.stream().map(Verdict.Failure::kept).toList());
    step.setCallId(callId(book, n, "a" + step.getAttempt() + "/judge"));
    ModelRequest judge =
        validator.judgeRequest(
            draft, book.getStory(), book.getLanguage(), BiblePrompt.checked(book, n));
    task.issue(book, step.getCallId(), calls.model, judge);
    return new Waiting();
  }

  /** The judge answered (its cost already counted): the draft passes, or the next attempt. */
  private Outcome judged(BookTask task, BookState book, ModelAnswer answer) {
    ChapterStep step = book.getStep();
    List<Verdict.Failure> local = draftFailures(step);
    Verdict verdict =
        validator.verdict(
            local,
            answer.text(),
            answer.usage(),
            book.getStory(),
            new Draft(step.getDraftTitle(), step.getDraftText()),
            BiblePrompt.checked(book, step.getChapter()));
    step.setContradictionsFound(ContradictionCheck.remembered(step, verdict.contradictions()));
    verdict.failures().forEach(f -> metrics.validationFailure(f.check()));
    BestAttempt attempt =
        BestAttempt.newBuilder()
            .setTitle(step.getDraftTitle())
            .setText(step.getDraftText())
            .setMoodScore(verdict.moodScore())
            .setConflictCount(verdict.conflictsAdvanced())
            .setAdvancedConflicts(verdict.advancedConflicts())
            .setNotes(verdict.notes())
            .setTone(verdict.tone())
            .setContradictions(
                verdict.contradictions().stream().map(ContradictionCheck.Found::encoded).toList())
            .setAnswer(step.getDraftAnswer())
            .build();
    if (verdict.passed()) {
      return events().published(book, step, attempt, true, task.now());
    }
    if (step.getBest() == null || betterThan(attempt, step.getBest())) {
      step.setBest(attempt);
    }
    step.setFeedback(allNotes(step.getFeedback(), verdict.notes()));
    return nextAttempt(task, book);
  }

  private Outcome nextAttempt(BookTask task, BookState book) {
    ChapterStep step = book.getStep();
    if (step.getAttempt() < settings.maxAttempts()) {
      step.setAttempt(step.getAttempt() + 1);
      step.setPart(0);
      step.setParts(parts(book.getWordsPerChapter()));
      return write(task, book);
    }
    int n = step.getChapter();
    if (step.getBest() == null) {
      return new Failed(
          FailureReason.INVALID_MODEL_OUTPUT,
          "The text model "
              + settings.textModel()
              + " answered chapter "
              + n
              + " "
              + step.getAttempt()
              + " times without the JSON asked for ({\"title\", \"text\"}). Its last answer began: "
              + step.getLastRawOutput()
              + " Try a model that follows JSON schemas ("
              + ModelSettings.TEXT_MODEL.name()
              + ").");
    }
    if (settings.exhaustedPolicy() == ExhaustedPolicy.FAIL) {
      return new Failed(
          FailureReason.VALIDATION_EXHAUSTED,
          "Chapter "
              + n
              + " failed validation on all "
              + step.getAttempt()
              + " attempts ("
              + ChapterSettings.EXHAUSTED_POLICY.name()
              + "=fail). The best attempt: "
              + String.join(" ", step.getBest().getNotes()));
    }
    return events().published(book, step, step.getBest(), false, task.now());
  }

  private Outcome write(BookTask task, BookState book) {
    ChapterStep step = book.getStep();
    int target = book.getWordsPerChapter();
    int words = target;
    String prompt;
    if (step.getPart() > 0) {
      // Continuing the draft: its next scene, or the rest of a draft that came back short.
      int have = BookLanguage.wordsIn(step.getDraftText());
      int partsLeft = Math.max(1, step.getParts() - step.getPart());
      words = Math.max(MIN_PART_WORDS, (target - have + partsLeft - 1) / partsLeft);
      prompt =
          ChapterPrompt.nextPart(
              step.getFeedback().isEmpty()
                  ? step.getPrompt()
                  : ChapterPrompt.rewrite(step.getPrompt(), step.getFeedback()),
              step.getDraftTitle(),
              step.getDraftText(),
              step.getPart() + 1,
              step.getParts(),
              words,
              have);
    } else {
      String first =
          step.getFeedback().isEmpty()
              ? step.getPrompt()
              : step.getParts() > 1
                  ? ChapterPrompt.rewrite(step.getPrompt(), step.getFeedback())
                  : ChapterPrompt.rewrite(
                      step.getPrompt(),
                      step.getDraftTitle(),
                      step.getDraftText(),
                      step.getFeedback());
      if (step.getParts() > 1) {
        words = (target + step.getParts() - 1) / step.getParts();
        prompt = ChapterPrompt.firstPart(first, step.getParts(), words);
      } else {
        prompt = first;
      }
    }
    step.setPhase(StepPhase.WRITE);
    step.setDraftChecks(new ArrayList<>());
    step.setDraftFailures(new ArrayList<>());
    int raised = step.getAnswerTokens();
    step.setCallId(
        callId(
            book,
            step.getChapter(),
            "a"
                + step.getAttempt()
                + "/write"
                + (step.getPart() > 0 ? "/p" + (step.getPart() + 1) : "")
                + (raised > 0 ? "/t" + raised : "")));
    // A part may run longer than asked, up to the rest of the chapter: the bound allows that.
    int have = step.getPart() > 0 ? BookLanguage.wordsIn(step.getDraftText()) : 0;
    int longest = BookBudget.longestChapter(Math.max(words, target - have));
    ModelRequest request =
        ModelRequest.text(settings.textModel(), prompt)
            .withSystem(ChapterPrompt.system(book))
            .withJsonSchema(ChapterPrompt.SCHEMA)
            .withAnswerWords(longest);
    int answerTokens =
        raised > 0 ? raised : ContextBudget.answerTokens(longest, tokensPerWord(book));
    request =
        request.withAnswerTokens(
            Math.max(1, Math.min(answerTokens, settings.budget().roomForAnswer(request))));
    task.issue(book, step.getCallId(), calls.model, request);
    return new Waiting();
  }

  /** A chapter a person wrote, from a revision request: taken as written, not validated. */
  ChapterWritten edited(BookState book, int n, String title, String text) {
    return events().edited(book, n, title, text);
  }

  private Failed unavailable(ChapterStep step, RuntimeException failure) {
    if (!(failure instanceof ModelException e)) {
      throw failure;
    }
    return new Failed(
        FailureReason.MODEL_UNAVAILABLE,
        e.serverCouldNot(
            "answer for chapter " + step.getChapter(),
            settings.models().serverFix(List.of(ModelRole.TEXT, ModelRole.JUDGE))));
  }

  /**
   * The checks the draft being judged failed before the judge; a step an older version stored
   * (BookState-v3) kept them as check:note.
   */
  static List<Verdict.Failure> draftFailures(ChapterStep step) {
    if (step.getDraftChecks().isEmpty() && !step.getDraftFailures().isEmpty()) {
      return step.getDraftFailures().stream()
          .map(f -> f.split(":", 2))
          .map(f -> new Verdict.Failure(Check.valueOf(f[0]), f[1]))
          .toList();
    }
    return step.getDraftChecks().stream().map(Verdict.Failure::of).toList();
  }

  /**
   * The book's tokens per word, in hundredths: as the server counted the writer's last whole
   * answer, else the estimate for the book's language.
   */
  static int tokensPerWord(BookState book) {
    return ContextBudget.tokensPerWord(book.getTokensPerWord(), book.getLanguage());
  }

  /**
   * Learns the book's tokens per word from the server's count of a whole answer ({@link
   * ContextBudget#learnedTokensPerWord}, the rule the summarizer learns by too).
   */
  private static void learnTokensPerWord(BookState book, Draft draft, Usage usage) {
    int learned =
        ContextBudget.learnedTokensPerWord(
            usage.outputTokens(), BookLanguage.wordsIn(draft.title() + " " + draft.text()));
    if (learned > 0) {
      book.setTokensPerWord(learned);
    }
  }

  /** How many parts a chapter of so many words is written in. */
  static int parts(int wordsPerChapter) {
    return Math.max(1, (wordsPerChapter + SCENE_WORDS - 1) / SCENE_WORDS);
  }

  /** Whether the only fault of a draft is being too short: then it is extended. */
  private static boolean onlyTooShort(List<Verdict.Failure> local, Draft draft, int target) {
    return local.size() == 1
        && local.getFirst().check() == Check.WORD_COUNT
        && draft.wordCount() < target;
  }

  private static List<String> notes(List<Verdict.Failure> failures) {
    return failures.stream().map(Verdict.Failure::note).toList();
  }

  /** Every note so far, once each, oldest first: a rewrite must not bring an old fault back. */
  private static List<String> allNotes(List<String> before, List<String> now) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(before);
    all.addAll(now);
    return new ArrayList<>(all);
  }

  private static void spend(ChapterStep step, Usage usage) {
    step.setSpent(BookTransitions.spent(BookTransitions.usageOf(step.getSpent()).plus(usage)));
  }

  /** Fewer failed checks wins; then the better mood. */
  private static boolean betterThan(BestAttempt mine, BestAttempt theirs) {
    int a = mine.getNotes().size();
    int b = theirs.getNotes().size();
    return a != b ? a < b : mine.getMoodScore() > theirs.getMoodScore();
  }

  private static Optional<String> previousText(BookState book, int n, BookTexts texts) {
    return texts.get(book.getBookId(), n - 1).map(ChapterText::getText);
  }

  /** A call's id: the revision, the chapter and the step, so a call of a step gone by is stale. */
  private static String callId(BookState book, int n, String step) {
    return "r" + book.getRevision() + "/ch" + n + "/" + step;
  }

  private static String cut(String raw) {
    String flat = raw.replaceAll("\\s+", " ").strip();
    return flat.length() <= RAW_OUTPUT_SHOWN ? flat : flat.substring(0, RAW_OUTPUT_SHOWN) + "...";
  }
}
