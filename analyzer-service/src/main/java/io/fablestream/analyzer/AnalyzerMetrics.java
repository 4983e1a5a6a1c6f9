package io.fablestream.analyzer;

import io.fablestream.platform.model.Usage;
import io.fablestream.platform.service.ServiceMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The analyzer's meters, all tagged {@code service=analyzer}: images by outcome, the sizes of what
 * was submitted, the vision call's latency and its tokens (books failed are counted by {@link
 * io.fablestream.platform.events.BookFailures}).
 */
final class AnalyzerMetrics {
  private final ServiceMeters meters;
  private final DistributionSummary bytes;
  private final DistributionSummary pixels;
  private final Counter promptTokens;
  private final Counter outputTokens;

  AnalyzerMetrics(MeterRegistry registry) {
    this.meters = new ServiceMeters(registry, AnalyzerService.NAME);
    this.bytes =
        meters.summary("fablestream.image.bytes", "Size of submitted images, in bytes", "bytes");
    this.pixels =
        meters.summary(
            "fablestream.image.pixels",
            "Pixels of submitted images (width x height, from the header)",
            "pixels");
    this.promptTokens = tokens("prompt");
    this.outputTokens = tokens("output");
  }

  private Counter tokens(String kind) {
    return meters.counter(
        "fablestream.analyzer.tokens",
        "Tokens the vision model read (prompt) and wrote (output)",
        "kind",
        kind);
  }

  /** One image processed, with its outcome: {@code ok} or a failure reason code. */
  void image(String outcome) {
    meters
        .counter(
            "fablestream.images",
            "Submitted images by outcome: ok, or the BookFailed reason code",
            "outcome",
            outcome)
        .increment();
  }

  /** The size of an image that passed intake. */
  void accepted(ModelImage image) {
    bytes.record(image.sourceBytes());
    pixels.record(image.sourcePixels());
  }

  /** One vision analysis (repair attempts included), its outcome and what it cost. */
  void vision(Duration elapsed, String outcome, Usage usage) {
    meters
        .timer(
            "fablestream.analyzer.vision",
            "Time of the vision analysis of one image, repair attempts included",
            "outcome",
            outcome)
        .record(elapsed);
    promptTokens.increment(usage.promptTokens());
    outputTokens.increment(usage.outputTokens());
  }
}
