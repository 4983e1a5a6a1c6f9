package io.fablestream.platform.service;

/** Kafka could not be reached at start; the message says where it was looked for. */
public final class BrokerUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BrokerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
