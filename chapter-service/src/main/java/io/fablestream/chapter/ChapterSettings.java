package io.fablestream.chapter;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.memory.MemorySettings;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What chapter-service needs to know: the models it asks, how hard it validates, how it retrieves,
 * and when it gives up on a book.
 *
 * @param textModel the model that writes chapters
 * @param judgeModel the model that scores a chapter's mood and names the conflicts it advanced
 * @param maxAttempts how many times one chapter may be written before the exhausted policy applies
 * @param exhaustedPolicy what happens when every attempt failed validation
 * @param moodThreshold the lowest judge score a chapter passes with
 * @param repetitionBound the highest share of a chapter's 5-grams that may repeat an earlier
 *     chapter
 * @param retrievalK how many chunks story memory returns before each chapter
 * @param stallTimeout how long an open book may go without progress before it fails as STALLED
 * @param stallCheckInterval how often the stall watch looks at the open books (wall-clock time)
 * @param closedRetention how long a closed book is kept (to be revised, and to ignore late events)
 * @param qualityJudge whether a finished book gets one whole-book judge call for its rubric
 * @param planReviewTimeout how long a book held for its plan's review waits before it fails
 * @param budget the model's context window, within which a cut answer's bound may be raised
 * @param models the model server's settings, which the failures' messages name
 */
public record ChapterSettings(
    String textModel,
    String judgeModel,
    int maxAttempts,
    ExhaustedPolicy exhaustedPolicy,
    double moodThreshold,
    double repetitionBound,
    int retrievalK,
    Duration stallTimeout,
    Duration stallCheckInterval,
    Duration closedRetention,
    boolean qualityJudge,
    Duration planReviewTimeout,
    ContextBudget budget,
    ModelSettings models) {

  /** What to do with a chapter that failed validation on every attempt. */
  public enum ExhaustedPolicy {
    /** Publish the best attempt with {@code passed=false} and go on with the book. */
    PUBLISH,
    /** Fail the book with VALIDATION_EXHAUSTED. */
    FAIL
  }

  public static final ConfigKey MAX_ATTEMPTS =
      new ConfigKey(
          "chapter.max.attempts",
          "3",
          "How many times one chapter is written (the first draft and its rewrites) before"
              + " chapter.exhausted.policy applies.");
  public static final ConfigKey EXHAUSTED_POLICY =
      new ConfigKey(
          "chapter.exhausted.policy",
          "publish",
          "When every attempt of a chapter failed validation: publish (the best attempt, with"
              + " passed=false) or fail (BookFailed VALIDATION_EXHAUSTED).");
  public static final ConfigKey MOOD_THRESHOLD =
      new ConfigKey(
          "chapter.mood.threshold",
          "0.7",
          "The lowest score in [0, 1] a chapter passes with: the judge's tone of voice, 1 to 5,"
              + " counts as (tone - 1) / 4, so 0.7 asks for a 4 or 5.");
  public static final ConfigKey REPETITION_BOUND =
      new ConfigKey(
          "chapter.repetition.max",
          "0.3",
          "The highest share of a chapter's word 5-grams that may also occur in one earlier"
              + " chapter.");

  /** Story memory's key, read here too: retrieval happens in this service. */
  public static final ConfigKey RETRIEVAL_K = MemorySettings.RETRIEVAL_K;

  public static final ConfigKey STALL_TIMEOUT =
      new ConfigKey(
          "chapter.stall.timeout",
          "30m",
          "An open book with no progress for this long fails with STALLED, naming what it waited"
              + " for.");
  public static final ConfigKey STALL_CHECK_INTERVAL =
      new ConfigKey(
          "chapter.stall.check.interval",
          "1m",
          "How often (wall-clock time) the stall watch looks at the open books.");
  public static final ConfigKey CLOSED_RETENTION =
      new ConfigKey(
          "chapter.closed.retention",
          "14d",
          "How long chapter-service keeps a closed book (its state and chapters): it can be revised"
              + " until then, and late events for it change nothing; then it is dropped. Keep"
              + " summarizer.closed.retention at least this long, and memory.retention longer.");

  public static final ConfigKey QUALITY_JUDGE =
      new ConfigKey(
          "quality.judge",
          "false",
          "true adds one whole-book judge call (model.judge) after the synopsis: a rubric of"
              + " coherence, character consistency, pacing, prose and ending, 1 to 10, into"
              + " BookCompleted.quality.rubric (docs/quality.md). Off by default: it costs a call.");

  public static final ConfigKey PLAN_REVIEW_TIMEOUT =
      new ConfigKey(
          "plan.review.timeout",
          "7d",
          "How long a book submitted with reviewPlan waits for a person to approve its plan"
              + " (POST /books/{id}/plan) before it fails with PLAN_NOT_APPROVED. Waiting for the"
              + " review is not a stall.");

  /** The keys this record reads (the models come from {@link ModelSettings}). */
  public static final List<ConfigKey> KEYS =
      List.of(
          MAX_ATTEMPTS,
          EXHAUSTED_POLICY,
          MOOD_THRESHOLD,
          REPETITION_BOUND,
          STALL_TIMEOUT,
          STALL_CHECK_INTERVAL,
          CLOSED_RETENTION,
          QUALITY_JUDGE,
          PLAN_REVIEW_TIMEOUT);

  /** Reads and validates the settings, the models included. */
  public static ChapterSettings from(Config config) {
    ModelSettings models = ModelSettings.from(config);
    return new ChapterSettings(
        models.textModel(),
        models.judgeModel(),
        config.integer(MAX_ATTEMPTS, 1, 10),
        ExhaustedPolicy.valueOf(
            config.choice(EXHAUSTED_POLICY, "publish", "fail").toUpperCase(Locale.ROOT)),
        config.decimal(MOOD_THRESHOLD, 0.0, 1.0),
        config.decimal(REPETITION_BOUND, 0.0, 1.0),
        config.integer(RETRIEVAL_K, 1, 50),
        config.duration(STALL_TIMEOUT),
        config.duration(STALL_CHECK_INTERVAL),
        config.duration(CLOSED_RETENTION),
        config.bool(QUALITY_JUDGE),
        config.duration(PLAN_REVIEW_TIMEOUT),
        ContextBudget.from(config),
        models);
  }
}
