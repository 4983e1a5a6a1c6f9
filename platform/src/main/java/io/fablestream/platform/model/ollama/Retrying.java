package io.fablestream.platform.model.ollama;

import io.fablestream.platform.model.ModelException;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs an attempt until it succeeds, fails for good, or the retries are spent. Backoff doubles from
 * the first one on each retry, up to a minute. A {@link ModelException} from an attempt is final
 * and passes through at once; a {@link TransientFailure} is retried.
 */
final class Retrying {
  /** One try; the argument is the attempt's number, from 1. */
  @FunctionalInterface
  interface Attempt<T> {
    T run(int attempt) throws TransientFailure, InterruptedException;
  }

  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final int maxRetries;
  private final Duration firstBackoff;

  Retrying(int maxRetries, Duration firstBackoff) {
    this.maxRetries = maxRetries;
    this.firstBackoff = firstBackoff;
  }

  /**
   * Runs the attempt.
   *
   * @param onRetry told of each failure that will be retried, with the attempt's number
   * @param giveUp makes the final exception from the last failure and the attempts made
   */
  <T> T run(
      Attempt<T> attempt,
      BiConsumer<Integer, TransientFailure> onRetry,
      Function<Exhausted, ModelException> giveUp) {
    int attempts = maxRetries + 1;
    for (int n = 1; ; n++) {
      try {
        return attempt.run(n);
      } catch (TransientFailure failure) {
        if (n >= attempts) {
          throw giveUp.apply(new Exhausted(n, failure));
        }
        onRetry.accept(n, failure);
        try {
          Thread.sleep(backoff(n));
        } catch (InterruptedException e) {
          throw interrupted(n, e);
        }
      } catch (InterruptedException e) {
        throw interrupted(n, e);
      }
    }
  }

  /** The pause after the given failed attempt: the first backoff, doubled per retry, capped. */
  Duration backoff(int failedAttempt) {
    Duration d = firstBackoff;
    for (int i = 1; i < failedAttempt && d.compareTo(MAX_BACKOFF) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private static ModelException interrupted(int attempts, InterruptedException e) {
    // The thread is being stopped (a shutdown): keep the flag so the caller's loop sees it.
    Thread.currentThread().interrupt();
    return new ModelException(
        ModelException.Kind.UNAVAILABLE, "model call interrupted (shutting down)", attempts, e);
  }

  /** How the retries ended: the attempts made and the last failure. */
  record Exhausted(int attempts, TransientFailure last) {}
}
