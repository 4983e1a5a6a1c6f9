package io.fablestream.platform.memory;

/** The vector store or the embedder could not do what was asked; the caller may retry. */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
