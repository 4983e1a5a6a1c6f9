package io.fablestream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private void advanceSeconds(double seconds) {
    now.addAndGet((long) (seconds * 1e9));
  }

  @Test
  void clientMayBurstItsBudgetThenWaitsForTheNextToken() {
    ClientRateLimiter limiter = new ClientRateLimiter(3, now::get);

    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isZero();
    // 3 a minute: one token every 20 s.
    assertThat(limiter.acquire("10.0.0.1")).isEqualTo(20);
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
    limiter.acquire("c");
    limiter.acquire("c");

    advanceSeconds(3_600);

    assertThat(limiter.acquire("c")).isZero();
    assertThat(limiter.acquire("c")).isZero();
    assertThat(limiter.acquire("c")).isPositive();
  }

  @Test
  void zeroTurnsTheLimitOff() {
    ClientRateLimiter limiter = new ClientRateLimiter(0, now::get);

    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.acquire("c")).isZero();
    }
  }
}
