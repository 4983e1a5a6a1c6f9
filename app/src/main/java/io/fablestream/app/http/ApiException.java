package io.fablestream.app.http;

/**
 * A request the API refuses: the status, a stable code, the field at fault (or null) and a message
 * for a person. {@link ApiErrors} turns it into the JSON error.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  ApiException(int status, String code, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  static ApiException invalid(String field, String message) {
    return new ApiException(400, "INVALID_REQUEST", field, message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }
}
