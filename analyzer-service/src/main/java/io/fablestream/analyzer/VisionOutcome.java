package io.fablestream.analyzer;

import io.fablestream.events.ImageAnalysis;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.FailureReason;

/** What the vision model made of an image: a validated analysis, or why there is none. */
public sealed interface VisionOutcome {
  /** What the calls cost, repair attempts included. */
  Usage usage();

  /**
   * The model answered with a usable analysis.
   *
   * @param analysis the validated analysis
   * @param model the model that answered
   * @param usage what the calls cost
   */
  record Analysed(ImageAnalysis analysis, String model, Usage usage) implements VisionOutcome {}

  /**
   * The model could not give a usable analysis.
   *
   * @param reason {@code MODEL_UNAVAILABLE} or {@code INVALID_MODEL_OUTPUT}
   * @param message what happened and what a person should do
   * @param usage what the calls cost before giving up
   */
  record Failed(FailureReason reason, String message, Usage usage) implements VisionOutcome {}
}
