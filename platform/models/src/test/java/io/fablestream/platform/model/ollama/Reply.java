package io.fablestream.platform.model.ollama;

import java.time.Duration;

/**
 * What the {@link OllamaTestServer} answers to one request: generated text (with the token counts
 * it reports), or an error with its HTTP status and Ollama's {@code {"error": ...}} body.
 *
 * @param text the generated text; null for an error
 * @param promptEvalCount the reported {@code prompt_eval_count}; null to count the prompt's words
 * @param evalCount the reported {@code eval_count}; null to count the text's words
 * @param status 200, or the error's status
 * @param error the error message; null for text
 * @param totalDuration the reported {@code total_duration}; null for the time the server took
 */
public record Reply(
    String text,
    Integer promptEvalCount,
    Integer evalCount,
    int status,
    String error,
    Duration totalDuration) {

  /** Generated text; token counts are the words of prompt and text. */
  public static Reply text(String text) {
    return new Reply(text, null, null, 200, null, null);
  }

  /** An error as Ollama sends it: the status and {@code {"error": message}}. */
  public static Reply error(int status, String message) {
    return new Reply(null, null, null, status, message, null);
  }

  /** This reply reporting the given token counts. */
  public Reply withTokens(int promptTokens, int outputTokens) {
    return new Reply(text, promptTokens, outputTokens, status, error, totalDuration);
  }

  /** This reply reporting the given total duration instead of the time the server took. */
  public Reply withTotalDuration(Duration total) {
    return new Reply(text, promptEvalCount, evalCount, status, error, total);
  }

  /** Whether this reply is an error. */
  public boolean isError() {
    return error != null;
  }
}
