package io.fablestream.chapter;

import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.image.DrawnImage;
import io.fablestream.platform.model.image.ImageGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/**
 * chapter-service's meters of illustrations, tagged {@code service}: Timer {@code
 * fablestream.image.calls} (each image model call, by model and outcome = success, model_not_found,
 * unavailable, rejected, error: the image calls' twin of {@code fablestream.model.calls}), Counter
 * {@code fablestream.chapters.illustrated} (chapters settled, by outcome = drawn or a reason code)
 * and DistributionSummary {@code fablestream.illustration.bytes}.
 */
final class IllustrationMetrics {
  private static final String SERVICE = "service";
  static final String DRAWN = "drawn";

  private final MeterRegistry registry;
  private final String service;
  private final DistributionSummary bytes;

  IllustrationMetrics(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
    this.bytes =
        DistributionSummary.builder("fablestream.illustration.bytes")
            .description("Size of each chapter illustration drawn")
            .baseUnit("bytes")
            .tag(SERVICE, service)
            .register(registry);
    // Every outcome's counter exists from the start, at 0, for the dashboards.
    settled(DRAWN);
    for (IllustrationFailure failure : IllustrationFailure.values()) {
      settled(failure.name());
    }
  }

  /** The gateway with the image calls timed. */
  ImageGateway metered(ImageGateway gateway) {
    return request -> {
      Timer.Sample sample = Timer.start(registry);
      String outcome = "error";
      String model = "";
      try {
        DrawnImage drawn = gateway.draw(request);
        outcome = "success";
        model = drawn.model() == null ? "" : drawn.model();
        return drawn;
      } catch (ModelException e) {
        outcome = e.kind().name().toLowerCase(Locale.ROOT);
        throw e;
      } finally {
        sample.stop(
            Timer.builder("fablestream.image.calls")
                .description("Image model calls, the gateway's retries included, by outcome")
                .tag(SERVICE, service)
                .tag("model", model)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry));
      }
    };
  }

  void drawn(int size) {
    settled(DRAWN).increment();
    bytes.record(size);
  }

  void failed(IllustrationFailure failure) {
    settled(failure.name()).increment();
  }

  private Counter settled(String outcome) {
    return Counter.builder("fablestream.chapters.illustrated")
        .description("Chapters whose illustration was settled: drawn, or failed by reason code")
        .tag(SERVICE, service)
        .tag("outcome", outcome.toLowerCase(Locale.ROOT))
        .register(registry);
  }
}
