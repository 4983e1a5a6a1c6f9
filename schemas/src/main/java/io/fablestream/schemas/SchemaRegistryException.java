package io.fablestream.schemas;

/**
 * The schema registry refused a request, or did not answer it within its retries. The message is
 * for a person: it names the registry, the subject or id, and what the registry said.
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errorCode;

  /**
   * @param errorCode the registry's {@code error_code} (40401, 42201, 409...), else the HTTP
   *     status, or 0 when the registry did not answer
   */
  public SchemaRegistryException(String message, int errorCode, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** The registry's error code, the HTTP status when it gave none, 0 when it did not answer. */
  public int errorCode() {
    return errorCode;
  }

  /**
   * Whether the registry did not answer (within its retries) rather than refused: a record that
   * could not be read for this is not a bad record, and must not be dead-lettered.
   */
  public boolean unavailable() {
    return errorCode == 0;
  }
}
