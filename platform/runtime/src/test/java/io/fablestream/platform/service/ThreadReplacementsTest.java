package io.fablestream.platform.service;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

  @Test
  void aThreadThatKeepsDyingIsReplacedThreeTimesThenTheServiceStops() {
    ThreadReplacements replacements =
        new ThreadReplacements("chapter", 3, Duration.ofMinutes(10), clock);
    IllegalStateException bug = new IllegalStateException("the same record, every time");

    assertThat(replacements.handle(bug)).isEqualTo(REPLACE_THREAD);
    clock.advance(Duration.ofSeconds(5));
    assertThat(replacements.handle(bug)).isEqualTo(REPLACE_THREAD);
    clock.advance(Duration.ofSeconds(5));
    assertThat(replacements.handle(bug)).isEqualTo(REPLACE_THREAD);
    assertThat(replacements.stoppedBy()).isNull();
    clock.advance(Duration.ofSeconds(5));

    assertThat(replacements.handle(bug)).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(replacements.stoppedBy()).isSameAs(bug);
  }

  @Test
  void deathsFurtherApartThanTheWindowAreAlwaysReplaced() {
    ThreadReplacements replacements =
        new ThreadReplacements("indexer", 2, Duration.ofMinutes(10), clock);

    for (int i = 0; i < 10; i++) {
      assertThat(replacements.handle(new RuntimeException("now and then")))
          .isEqualTo(REPLACE_THREAD);
      clock.advance(Duration.ofMinutes(6));
    }
    assertThat(replacements.stoppedBy()).isNull();
  }

  @Test
  void withNoReplacementsAllowedTheFirstDeathStopsTheService() {
    ThreadReplacements replacements =
        new ThreadReplacements("analyzer", 0, Duration.ofMinutes(10), clock);

    assertThat(replacements.handle(new RuntimeException("bug"))).isEqualTo(SHUTDOWN_CLIENT);
  }
}
