package io.fablestream.platform.memory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Calls to story memory retried while the store or the embedder is down: up to {@code retries} more
 * attempts after the first, waiting {@code backoff}, then twice that, and so on. Only {@link
 * StoreUnavailableException} is retried; any other error is a bug and goes straight up.
 *
 * @param retries attempts after the first
 * @param backoff the first wait
 */
public record StoreRetry(int retries, Duration backoff) {
  /** How to wait between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits, or returns early when interrupted (restoring the flag). */
    void sleep(Duration duration);
  }

  /** Waits on the current thread. */
  public static final Sleeper THREAD_SLEEP =
      d -> {
        try {
          Thread.sleep(d);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };

  public StoreRetry {
    Objects.requireNonNull(backoff);
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative: " + retries);
    }
  }

  /**
   * The call's result, retried while it throws {@link StoreUnavailableException}.
   *
   * @throws StoreUnavailableException the last failure, once every attempt failed or the thread was
   *     interrupted
   */
  public <T> T call(Supplier<T> call, Sleeper sleeper) {
    Duration wait = backoff;
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (StoreUnavailableException e) {
        if (attempt >= retries || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        sleeper.sleep(wait);
        wait = wait.multipliedBy(2);
      }
    }
  }

  /** How many attempts in all. */
  public int attempts() {
    return retries + 1;
  }
}
