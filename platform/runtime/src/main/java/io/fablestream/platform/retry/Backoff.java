package io.fablestream.platform.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff, the one retry loop of the platform: up to {@code retries} more attempts
 * after the first, pausing {@code first}, then twice that, and so on, each pause capped at {@code
 * max}. A server may ask for a longer pause (HTTP {@code Retry-After}); the pause then stretches to
 * what it asked, still capped at {@code max}. The backoff reports its own worst case, so no caller
 * works the sum out again.
 *
 * <p>Immutable and thread-safe; {@link #run} keeps its state on the calling thread.
 *
 * @param retries attempts after the first, 0 or more
 * @param first the pause after the first failed attempt
 * @param max the longest any one pause may be
 */
public record Backoff(int retries, Duration first, Duration max) {
  /** The cap on one pause unless a caller names another. */
  public static final Duration DEFAULT_MAX = Duration.ofMinutes(1);

  /** One try; the argument is the attempt's number, from 1. */
  @FunctionalInterface
  public interface Attempt<T, F extends Exception> {
    /**
     * Makes the attempt.
     *
     * @throws F a failure another attempt may not meet; anything else ends the loop at once
     */
    T run(int attempt) throws F;
  }

  /** Told of each failure that will be retried; may also name the pause the server asked for. */
  public interface Listener<F> {
    /** A failure about to be retried after the pause. */
    void retrying(int failedAttempt, F failure, Duration pause);

    /** The pause the server asked for after this failure (Retry-After); zero when none. */
    default Duration asked(F failure) {
      return Duration.ZERO;
    }
  }

  /** How to wait between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits for the duration.
     *
     * @return false when the wait was cut short by an interrupt (the flag is then set again)
     */
    boolean sleep(Duration duration);
  }

  /** Waits on the current thread; an interrupt ends the wait and keeps the flag. */
  public static final Sleeper THREAD_SLEEP =
      duration -> {
        try {
          Thread.sleep(duration);
          return true;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      };

  public Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative: " + retries);
    }
    if (first.isNegative() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 <= first <= max: " + first + ", " + max);
    }
  }

  /** A backoff from {@code first}, doubling, each pause capped at {@link #DEFAULT_MAX}. */
  public static Backoff exponential(int retries, Duration first) {
    return new Backoff(retries, first, first.compareTo(DEFAULT_MAX) > 0 ? first : DEFAULT_MAX);
  }

  /** How many attempts in all: the first and the retries. */
  public int attempts() {
    return retries + 1;
  }

  /** The pause after the given failed attempt (from 1): the first, doubled per retry, capped. */
  public Duration pause(int failedAttempt) {
    Duration d = first;
    for (int i = 1; i < failedAttempt && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /**
   * The pause after a failed attempt when the server asked for {@code asked}: the longer, capped.
   */
  public Duration pause(int failedAttempt, Duration asked) {
    Duration own = pause(failedAttempt);
    Duration longer = asked.compareTo(own) > 0 ? asked : own;
    return longer.compareTo(max) > 0 ? max : longer;
  }

  /** The longest all the pauses of one run take when no server asks for longer ones. */
  public Duration worstCase() {
    Duration sum = Duration.ZERO;
    for (int n = 1; n <= retries; n++) {
      sum = sum.plus(pause(n));
    }
    return sum;
  }

  /** The longest all the pauses of one run take when a server may stretch each one to the cap. */
  public Duration worstCaseStretched() {
    return max.multipliedBy(retries);
  }

  /**
   * The longest one run takes when every attempt takes up to {@code perAttempt}: the attempts plus
   * the pauses between them.
   *
   * @param stretched whether a server may stretch the pauses (Retry-After)
   */
  public Duration worstCase(Duration perAttempt, boolean stretched) {
    return perAttempt.multipliedBy(attempts()).plus(stretched ? worstCaseStretched() : worstCase());
  }

  /**
   * Runs the attempt until it succeeds, throws something other than {@code retried}, or the retries
   * are spent. An interrupted pause ends the loop too: the last failure is thrown with the
   * interrupt flag set, so the caller's own loop sees it.
   *
   * @param retried the failures worth another attempt
   * @throws F the last failure, once the retries are spent or a pause was interrupted
   */
  public <T, F extends Exception> T run(
      Attempt<T, F> attempt, Class<F> retried, Listener<? super F> listener, Sleeper sleeper)
      throws F {
    for (int n = 1; ; n++) {
      try {
        return attempt.run(n);
      } catch (Exception e) {
        if (!retried.isInstance(e)) {
          throw e;
        }
        F failure = retried.cast(e);
        if (n >= attempts() || Thread.currentThread().isInterrupted()) {
          throw failure;
        }
        Duration pause = pause(n, listener.asked(failure));
        listener.retrying(n, failure, pause);
        if (!sleeper.sleep(pause)) {
          throw failure;
        }
      }
    }
  }
}
