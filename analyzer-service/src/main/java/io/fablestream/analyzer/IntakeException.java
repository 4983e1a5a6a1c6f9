package io.fablestream.analyzer;

import io.fablestream.schemas.FailureReason;

/**
 * Why one step of intake gave up. Checked, and caught by {@link ImageIntake}, which turns it into a
 * {@link IntakeResult.Refused}: it never leaves the intake.
 */
final class IntakeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final FailureReason reason;

  IntakeException(FailureReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  IntakeException(FailureReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  FailureReason reason() {
    return reason;
  }

  IntakeResult.Refused toResult() {
    return new IntakeResult.Refused(reason, getMessage());
  }

  /** An image URI that points where submitted URIs may not go. */
  static IntakeException uriRejected(String message) {
    return new IntakeException(FailureReason.IMAGE_URI_REJECTED, message);
  }

  /** An image URI that could not be read. */
  static IntakeException uriUnreachable(String message) {
    return new IntakeException(FailureReason.IMAGE_URI_UNREACHABLE, message);
  }

  /** A URI as it may appear in a message: bounded, so a huge URI cannot flood a BookFailed. */
  static String shorten(String uri) {
    return uri.length() <= 300 ? uri : uri.substring(0, 300) + "...";
  }
}
