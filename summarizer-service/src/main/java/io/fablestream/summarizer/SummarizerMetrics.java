package io.fablestream.summarizer;

import io.fablestream.platform.service.ServiceMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** summarizer-service's meters, each tagged {@code service=summarizer}. */
final class SummarizerMetrics {
  private final Counter written;
  private final Timer duration;

  SummarizerMetrics(MeterRegistry registry, String service) {
    ServiceMeters meters = new ServiceMeters(registry, service);
    this.written = meters.counter("fablestream.summaries.written", "Arc summaries published");
    this.duration =
        meters.timer("fablestream.summary.duration", "Time to summarise one arc, retries included");
  }

  void summaryWritten(Duration took) {
    written.increment();
    duration.record(took);
  }
}
