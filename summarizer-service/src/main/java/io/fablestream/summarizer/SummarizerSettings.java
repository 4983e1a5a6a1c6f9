package io.fablestream.summarizer;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelSettings;
import java.time.Duration;
import java.util.List;

/**
 * What summarizer-service needs to know.
 *
 * @param textModel the model that writes the summaries ({@code model.text})
 * @param maxAttempts how many times a summary (or the synopsis) is asked for when the model's
 *     answer is not usable
 * @param closedRetention how long a closed book's summaries and chapters are kept, for revisions
 * @param models the model server's settings, which the failures' messages name
 * @param budget the model's context window, within which an answer cut at its limit is asked again
 *     with a larger bound
 */
public record SummarizerSettings(
    String textModel,
    int maxAttempts,
    Duration closedRetention,
    ModelSettings models,
    ContextBudget budget) {
  public static final ConfigKey MAX_ATTEMPTS =
      new ConfigKey(
          "summarizer.max.attempts",
          "2",
          "How many times an arc summary is asked for when the model answers with no text, before"
              + " the book fails with INVALID_MODEL_OUTPUT; the synopsis is asked again as often"
              + " when it is empty or far from 60 to 120 words.");
  public static final ConfigKey CLOSED_RETENTION =
      new ConfigKey(
          "summarizer.closed.retention",
          "14d",
          "How long summarizer-service keeps a closed book's chapters and summaries, so a revision"
              + " can summarise its arcs again; then they are dropped. At least"
              + " chapter.closed.retention.");

  /** The keys this record reads (the model comes from {@link ModelSettings}). */
  public static final List<ConfigKey> KEYS = List.of(MAX_ATTEMPTS, CLOSED_RETENTION);

  /** Reads and validates the settings, the text model included. */
  public static SummarizerSettings from(Config config) {
    ModelSettings models = ModelSettings.from(config);
    return new SummarizerSettings(
        models.textModel(),
        config.integer(MAX_ATTEMPTS, 1, 10),
        config.duration(CLOSED_RETENTION),
        models,
        ContextBudget.from(config));
  }
}
