package io.fablestream.platform.model.ollama;

import java.util.Locale;

/**
 * A failure that another attempt may not meet: the server could not be reached, timed out, answered
 * 5xx (or 408, 429), or sent a body that is not Ollama's JSON. Carries a short text for the final
 * message; never a header or a prompt.
 */
final class TransientFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as a metric tag. */
  enum Reason {
    CONNECTION,
    TIMEOUT,
    SERVER_ERROR,
    MALFORMED;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;

  TransientFailure(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
