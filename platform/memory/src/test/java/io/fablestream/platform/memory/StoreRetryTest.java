package io.fablestream.platform.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreRetryTest {
  private final List<Duration> waited = new ArrayList<>();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void aStoreThatIsDownIsAskedAgainAfterEachDoubledWaitOnThePlatformBackoff() {
    StoreRetry retry = new StoreRetry(4, Duration.ofMillis(500));
    int[] calls = {0};

    String found =
        retry.call(
            () -> {
              if (++calls[0] < 4) {
                throw new StoreUnavailableException("down", null);
              }
              return "hits";
            },
            waited::add);

    assertThat(found).isEqualTo("hits");
    assertThat(waited)
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(retry.schedule().worstCase()).isEqualTo(Duration.ofMillis(7_500));
  }

  @Test
  void afterTheLastAttemptTheStoresFailureGoesUp() {
    StoreRetry retry = new StoreRetry(2, Duration.ofMillis(10));

    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      throw new StoreUnavailableException("still down", null);
                    },
                    waited::add))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("still down");
    assertThat(waited).hasSize(2);
  }

  @Test
  void anInterruptDuringAWaitEndsTheRetries() {
    StoreRetry retry = new StoreRetry(5, Duration.ofMillis(10));
    int[] calls = {0};

    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls[0]++;
                      throw new StoreUnavailableException("down", null);
                    },
                    wait -> Thread.currentThread().interrupt()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(calls[0]).isEqualTo(1);
  }
}
