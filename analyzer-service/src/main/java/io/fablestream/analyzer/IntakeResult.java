package io.fablestream.analyzer;

import io.fablestream.schemas.FailureReason;
import java.util.Objects;

/** What image intake made of a submitted image: a model-ready image, or why there is none. */
public sealed interface IntakeResult {

  /** The image is read, checked, turned upright, scaled and encoded for the model. */
  record Ready(ModelImage image) implements IntakeResult {
    public Ready {
      Objects.requireNonNull(image);
    }
  }

  /**
   * The image was refused.
   *
   * @param reason the stable code for programs
   * @param message what happened and what a person should do
   */
  record Refused(FailureReason reason, String message) implements IntakeResult {
    public Refused {
      Objects.requireNonNull(reason);
      Objects.requireNonNull(message);
    }
  }
}
