package io.fablestream.analyzer;

import io.fablestream.platform.model.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The analyzer's meters, all tagged {@code service=analyzer}: images by outcome, the sizes of what
 * was submitted, the vision call's latency and its tokens (books failed are counted by {@link
 * io.fablestream.platform.events.BookFailures}).
 */
final class AnalyzerMetrics {
  static final String SERVICE = "analyzer";

  private final MeterRegistry registry;
  private final DistributionSummary bytes;
  private final DistributionSummary pixels;
  private final Counter promptTokens;
  private final Counter outputTokens;

  AnalyzerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bytes =
        DistributionSummary.builder("fablestream.image.bytes")
            .description("Size of submitted images, in bytes")
            .baseUnit("bytes")
            .tag("service", SERVICE)
            .register(registry);
    this.pixels =
        DistributionSummary.builder("fablestream.image.pixels")
            .description("Pixels of submitted images (width x height, from the header)")
            .baseUnit("pixels")
            .tag("service", SERVICE)
            .register(registry);
    this.promptTokens = tokens("prompt");
    this.outputTokens = tokens("output");
  }

  private Counter tokens(String kind) {
    return Counter.builder("fablestream.analyzer.tokens")
        .description("Tokens the vision model read (prompt) and wrote (output)")
        .tag("service", SERVICE)
        .tag("kind", kind)
        .register(registry);
  }

  /** One image processed, with its outcome: {@code ok} or a failure reason code. */
  void image(String outcome) {
    Counter.builder("fablestream.images")
        .description("Submitted images by outcome: ok, or the BookFailed reason code")
        .tag("service", SERVICE)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** The size of an image that passed intake. */
  void accepted(ModelImage image) {
    bytes.record(image.sourceBytes());
    pixels.record(image.sourcePixels());
  }

  /** One vision analysis (repair attempts included), its outcome and what it cost. */
  void vision(Duration elapsed, String outcome, Usage usage) {
    Timer.builder("fablestream.analyzer.vision")
        .description("Time of the vision analysis of one image, repair attempts included")
        .tag("service", SERVICE)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry)
        .record(elapsed);
    promptTokens.increment(usage.promptTokens());
    outputTokens.increment(usage.outputTokens());
  }
}
