package io.fablestream.platform.model;

/**
 * A model call that failed for good: retries, where they apply, are already spent. The kind tells
 * the caller what to do; the message tells a person.
 */
public final class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a call failed. */
  public enum Kind {
    /** The model is not pulled on the server; retrying cannot help. */
    MODEL_NOT_FOUND,
    /** The server could not be reached, or kept failing (5xx, timeouts) through the retries. */
    UNAVAILABLE,
    /** The server refused the request as malformed (4xx other than 404). */
    REJECTED
  }

  private final Kind kind;
  private final int attempts;

  public ModelException(Kind kind, String message, int attempts, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.attempts = attempts;
  }

  /**
   * A failure that the server's first answer decides (a missing model, a refused request or key),
   * which no retry could change.
   */
  public static ModelException of(Kind kind, String message) {
    return new ModelException(kind, message, 1, null);
  }

  /** Why the call failed. */
  public Kind kind() {
    return kind;
  }

  /** How many times the call was tried. */
  public int attempts() {
    return attempts;
  }

  /**
   * The message of a book's failure on this call: what the call was to do, how it failed, and what
   * a person does.
   *
   * @param what what the call was to do ("answer for chapter 3")
   * @param fix what a person does ({@link ModelSettings#serverFix} for the models the work needs)
   */
  public String serverCouldNot(String what, String fix) {
    return "The model server could not "
        + what
        + " ("
        + kind
        + " after "
        + attempts
        + " tries): "
        + getMessage()
        + ". Fix: "
        + fix
        + ", then submit the picture again.";
  }
}
