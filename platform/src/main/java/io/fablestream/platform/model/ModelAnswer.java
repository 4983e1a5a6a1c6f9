package io.fablestream.platform.model;

import java.util.Objects;

/**
 * A model's answer and what it cost.
 *
 * @param model the model that answered
 * @param text the answer (JSON text when a schema was asked for)
 * @param usage tokens and time as Ollama reported them, summed over retries of this call
 */
public record ModelAnswer(String model, String text, Usage usage) {
  public ModelAnswer {
    Objects.requireNonNull(model);
    Objects.requireNonNull(text);
    Objects.requireNonNull(usage);
  }
}
