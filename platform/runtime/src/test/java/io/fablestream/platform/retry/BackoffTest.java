package io.fablestream.platform.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final List<Duration> slept = new ArrayList<>();
  private final List<Integer> retried = new ArrayList<>();

  private final Backoff.Sleeper recording =
      pause -> {
        slept.add(pause);
        return true;
      };

  private Backoff.Listener<IOException> listener(Duration asked) {
    return new Backoff.Listener<>() {
      @Override
      public void retrying(int failedAttempt, IOException failure, Duration pause) {
        retried.add(failedAttempt);
      }

      @Override
      public Duration asked(IOException failure) {
        return asked;
      }
    };
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void pausesDoubleFromTheFirstUpToTheCap() {
    Backoff backoff = Backoff.exponential(9, Duration.ofSeconds(1));

    assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9))
        .extracting(backoff::pause)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(32),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1));
  }

  @Test
  void itsWorstCaseIsEveryPauseAndEveryAttemptAtItsBound() {
    Backoff backoff = Backoff.exponential(4, Duration.ofMillis(500));

    // 500 ms + 1 s + 2 s + 4 s of pauses; five attempts of up to 10 s each.
    assertThat(backoff.worstCase()).isEqualTo(Duration.ofMillis(7_500));
    assertThat(backoff.worstCase(Duration.ofSeconds(10), false))
        .isEqualTo(Duration.ofMillis(57_500));
    // A server that asks for longer pauses may stretch each to the cap.
    assertThat(backoff.worstCase(Duration.ofSeconds(10), true)).isEqualTo(Duration.ofSeconds(290));
    assertThat(Backoff.exponential(0, Duration.ofSeconds(1)).worstCase()).isZero();
  }

  @Test
  void aServersRetryAfterStretchesAPauseButNeverPastTheCap() {
    Backoff backoff = Backoff.exponential(3, Duration.ofSeconds(1));

    assertThat(backoff.pause(1, Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.pause(2, Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.pause(1, Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aFailureIsRetriedAfterItsPauseUntilAnAttemptSucceeds() throws IOException {
    Backoff backoff = Backoff.exponential(3, Duration.ofSeconds(1));

    String result =
        backoff.run(
            attempt -> {
              if (attempt < 3) {
                throw new IOException("down " + attempt);
              }
              return "up at " + attempt;
            },
            IOException.class,
            listener(Duration.ZERO),
            recording);

    assertThat(result).isEqualTo("up at 3");
    assertThat(retried).containsExactly(1, 2);
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  /**
   * Runs attempts that each fail with what {@code failure} makes of its number, retrying
   * IOExceptions, the listener's pause {@code pause}.
   */
  private void failEvery(
      Backoff backoff, Duration pause, java.util.function.IntFunction<Exception> failure)
      throws IOException {
    backoff.run(
        attempt -> {
          Exception e = failure.apply(attempt);
          if (e instanceof IOException io) {
            throw io;
          }
          throw (RuntimeException) e;
        },
        IOException.class,
        listener(pause),
        recording);
  }

  @Test
  void whenTheRetriesAreSpentTheLastFailureIsThrown() {
    Backoff backoff = Backoff.exponential(2, Duration.ofSeconds(1));

    assertThatThrownBy(
            () -> failEvery(backoff, Duration.ofSeconds(5), n -> new IOException("down " + n)))
        .isInstanceOf(IOException.class)
        .hasMessage("down 3");
    assertThat(slept).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void aFailureNotNamedRetriedPassesThroughAtOnce() {
    Backoff backoff = Backoff.exponential(5, Duration.ofSeconds(1));

    assertThatThrownBy(
            () -> failEvery(backoff, Duration.ZERO, n -> new IllegalStateException("a bug")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(slept).isEmpty();
  }

  @Test
  void anInterruptedPauseEndsTheRetriesWithTheLastFailureAndTheFlagSet() {
    Backoff backoff = Backoff.exponential(5, Duration.ofSeconds(1));
    int[] attempts = {0};

    assertThatThrownBy(
            () ->
                backoff.run(
                    attempt -> {
                      attempts[0] = attempt;
                      throw new IOException("down " + attempt);
                    },
                    IOException.class,
                    listener(Duration.ZERO),
                    pause -> {
                      Thread.currentThread().interrupt();
                      return false;
                    }))
        .hasMessage("down 1");
    assertThat(attempts[0]).isEqualTo(1);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void theThreadSleeperWaitsAndAnInterruptCutsItShort() {
    long start = System.nanoTime();
    assertThat(Backoff.THREAD_SLEEP.sleep(Duration.ofMillis(50))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));

    Thread.currentThread().interrupt();
    start = System.nanoTime();
    assertThat(Backoff.THREAD_SLEEP.sleep(Duration.ofSeconds(30))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }
}
