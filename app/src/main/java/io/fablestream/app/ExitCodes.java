package io.fablestream.app;

/** The CLI's exit codes, as scripts see them. */
public final class ExitCodes {
  /** The job is done. */
  public static final int OK = 0;

  /** Something else went wrong: Kafka unreachable, a port taken, a timeout. */
  public static final int ERROR = 1;

  /** Bad usage or input: an unknown option, a missing file, a bad config value. */
  public static final int USAGE = 2;

  /** The book failed; the reason is printed. */
  public static final int BOOK_FAILED = 3;

  /**
   * The model server (Ollama or an OpenAI-compatible one), or the image server when illustrations
   * are on, is unreachable, refuses the key, or lacks a model; the fix is printed.
   */
  public static final int OLLAMA = 4;

  private ExitCodes() {}
}
