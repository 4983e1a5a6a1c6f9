package io.fablestream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private void advanceSeconds(double seconds) {
    now.addAndGet((long) (seconds * 1e9));
  }

  /** The seconds the client is told to wait for each of so many requests, one after another. */
  private static List<Long> waits(ClientRateLimiter limiter, String client, int requests) {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      waits.add(limiter.acquire(client));
    }
    return waits;
  }

  @Test
  void clientMayBurstItsBudgetThenWaitsForTheNextToken() {
    ClientRateLimiter limiter = new ClientRateLimiter(3, now::get);

    // 3 a minute: one token every 20 s.
    assertThat(waits(limiter, "10.0.0.1", 4)).containsExactly(0L, 0L, 0L, 20L);
    advanceSeconds(15);
    assertThat(limiter.acquire("10.0.0.1")).isEqualTo(5);
    advanceSeconds(5);
    assertThat(limiter.acquire("10.0.0.1")).isZero();
  }

  @Test
  void eachClientHasItsOwnBudget() {
    ClientRateLimiter limiter = new ClientRateLimiter(1, now::get);

    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isPositive();
    assertThat(limiter.acquire("10.0.0.2")).isZero();
  }

  @Test
  void quietClientEarnsBackNoMoreThanItsBurst() {
    ClientRateLimiter limiter = new ClientRateLimiter(2, now::get);
    waits(limiter, "c", 2);

    advanceSeconds(3_600);

    List<Long> waits = waits(limiter, "c", 3);
    assertThat(waits.subList(0, 2)).as("a burst of two, no more").containsOnly(0L);
    assertThat(waits.get(2)).isPositive();
  }

  @Test
  void zeroTurnsTheLimitOff() {
    ClientRateLimiter limiter = new ClientRateLimiter(0, now::get);

    assertThat(waits(limiter, "c", 1_000)).containsOnly(0L);
  }
}
