package io.fablestream.summarizer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** summarizer-service's meters, each tagged {@code service=summarizer}. */
final class SummarizerMetrics {
  private final MeterRegistry registry;
  private final String service;
  private final Counter written;
  private final Timer duration;

  SummarizerMetrics(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
    this.written =
        Counter.builder("fablestream.summaries.written")
            .description("Arc summaries published")
            .tag("service", service)
            .register(registry);
    this.duration =
        Timer.builder("fablestream.summary.duration")
            .description("Time to summarise one arc, retries included")
            .tag("service", service)
            .publishPercentileHistogram()
            .register(registry);
  }

  void summaryWritten(Duration took) {
    written.increment();
    duration.record(took);
  }
}
