package io.fablestream.platform.model.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A failure that another attempt may not meet: the server could not be reached, timed out, answered
 * 5xx (or 408, 429), or sent a body that is not its API's JSON. Carries a short text for the final
 * message, never a header, a key or a prompt, and the pause the server asked for (Retry-After).
 */
public final class TransientFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as a metric tag. */
  public enum Reason {
    CONNECTION,
    TIMEOUT,
    SERVER_ERROR,
    RATE_LIMITED,
    MALFORMED;

    /** The reason as a metric tag. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;
  private final transient Duration retryAfter;

  public TransientFailure(Reason reason, String message, Throwable cause) {
    this(reason, message, cause, Duration.ZERO);
  }

  /** A failure after which the server asked for a pause of {@code retryAfter}. */
  public TransientFailure(Reason reason, String message, Throwable cause, Duration retryAfter) {
    super(message, cause, false, false);
    this.reason = Objects.requireNonNull(reason);
    this.retryAfter = Objects.requireNonNull(retryAfter);
  }

  /** What went wrong. */
  public Reason reason() {
    return reason;
  }

  /** The pause the server asked for before another attempt; zero when it asked for none. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
