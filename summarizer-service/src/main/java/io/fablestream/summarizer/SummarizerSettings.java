package io.fablestream.summarizer;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.config.OllamaSettings;
import java.util.List;

/**
 * What summarizer-service needs to know.
 *
 * @param textModel the model that writes the summaries ({@code ollama.text.model})
 * @param maxAttempts how many times a summary is asked for when the model answers with nothing
 */
public record SummarizerSettings(String textModel, int maxAttempts) {
  public static final ConfigKey MAX_ATTEMPTS =
      new ConfigKey(
          "summarizer.max.attempts",
          "2",
          "How many times an arc summary is asked for when the model answers with no text, before"
              + " the book fails with INVALID_MODEL_OUTPUT.");

  /** The keys this record reads (the model comes from {@link OllamaSettings}). */
  public static final List<ConfigKey> KEYS = List.of(MAX_ATTEMPTS);

  /** Reads and validates the settings, the text model included. */
  public static SummarizerSettings from(Config config) {
    return new SummarizerSettings(
        OllamaSettings.from(config).textModel(), config.integer(MAX_ATTEMPTS, 1, 10));
  }
}
