package io.fablestream.chapter;

import io.fablestream.platform.model.ModelException;

/**
 * Why a chapter has no illustration though illustrations are on: the stable code on {@code
 * BookChapter.illustrationFailure}. A failed illustration never fails the book; the chapter goes
 * without one.
 */
enum IllustrationFailure {
  /**
   * The image server could not be reached, kept failing (5xx, timeouts) through the gateway's
   * retries, or does not have the model asked for.
   */
  ILLUSTRATION_UNAVAILABLE,
  /** The image server refused the request (4xx: a prompt it will not draw, a size it refuses). */
  ILLUSTRATION_REJECTED,
  /** What came back is no picture the line can carry: empty, not an image, or too large. */
  ILLUSTRATION_INVALID;

  /** The code of a drawing that failed with this exception. */
  static IllustrationFailure of(RuntimeException failure) {
    if (failure instanceof ModelException model) {
      return switch (model.kind()) {
        case UNAVAILABLE, MODEL_NOT_FOUND -> ILLUSTRATION_UNAVAILABLE;
        case REJECTED -> ILLUSTRATION_REJECTED;
      };
    }
    // The gateway could not read the server's answer as a picture.
    return ILLUSTRATION_INVALID;
  }
}
