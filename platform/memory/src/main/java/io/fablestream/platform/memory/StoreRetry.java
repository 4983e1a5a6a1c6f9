package io.fablestream.platform.memory;

import io.fablestream.platform.retry.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Calls to story memory retried while the store or the embedder is down, on the platform's {@link
 * Backoff}: up to {@code retries} more attempts after the first, waiting {@code backoff}, then
 * twice that, and so on (each wait capped at a minute). Only {@link StoreUnavailableException} is
 * retried; any other error is a bug and goes straight up.
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
  public static final Sleeper THREAD_SLEEP = Backoff.THREAD_SLEEP::sleep;

  public StoreRetry {
    Objects.requireNonNull(backoff);
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative: " + retries);
    }
  }

  /** The backoff these retries follow; its {@link Backoff#worstCase()} is their longest wait. */
  public Backoff schedule() {
    return Backoff.exponential(retries, backoff);
  }

  /**
   * The call's result, retried while it throws {@link StoreUnavailableException}.
   *
   * @throws StoreUnavailableException the last failure, once every attempt failed or the thread was
   *     interrupted
   */
  public <T> T call(Supplier<T> call, Sleeper sleeper) {
    return schedule()
        .run(
            attempt -> call.get(),
            StoreUnavailableException.class,
            (attempt, failure, pause) -> {},
            pause -> {
              sleeper.sleep(pause);
              return !Thread.currentThread().isInterrupted();
            });
  }

  /** How many attempts in all. */
  public int attempts() {
    return retries + 1;
  }
}
