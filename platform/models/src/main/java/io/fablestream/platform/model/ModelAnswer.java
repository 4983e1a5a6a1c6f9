package io.fablestream.platform.model;

import java.util.Objects;

/**
 * A model's answer and what it cost.
 *
 * @param model the model that answered
 * @param text the answer (JSON text when a schema was asked for)
 * @param usage tokens and time as the server reported them (time measured when it reports none)
 * @param cutShort whether the answer stopped at its length bound rather than where the model ended
 *     it (Ollama's {@code done_reason: "length"}, OpenAI's {@code finish_reason: "length"}): the
 *     text is cut off, so it is not a finished chapter
 */
public record ModelAnswer(String model, String text, Usage usage, boolean cutShort) {
  public ModelAnswer {
    Objects.requireNonNull(model);
    Objects.requireNonNull(text);
    Objects.requireNonNull(usage);
  }

  /** An answer the model ended itself. */
  public ModelAnswer(String model, String text, Usage usage) {
    this(model, text, usage, false);
  }
}
