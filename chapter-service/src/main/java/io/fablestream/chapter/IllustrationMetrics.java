package io.fablestream.chapter;

import io.fablestream.platform.model.MeteredModelGateway;
import io.fablestream.platform.model.image.ImageGateway;
import io.fablestream.platform.service.ServiceMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import java.util.Locale;

/**
 * chapter-service's meters of illustrations, tagged {@code service}: Timer {@code
 * fablestream.image.calls} (each image model call, by model and outcome = success, model_not_found,
 * unavailable, rejected, error: the image calls' twin of {@code fablestream.model.calls}), Counter
 * {@code fablestream.chapters.illustrated} (chapters settled, by outcome = drawn or a reason code)
 * and DistributionSummary {@code fablestream.illustration.bytes}.
 */
final class IllustrationMetrics {
  static final String DRAWN = "drawn";

  private final ServiceMeters meters;
  private final DistributionSummary bytes;

  IllustrationMetrics(ServiceMeters meters) {
    this.meters = meters;
    this.bytes =
        meters.summary(
            "fablestream.illustration.bytes", "Size of each chapter illustration drawn", "bytes");
    // Every outcome's counter exists from the start, at 0, for the dashboards.
    settled(DRAWN);
    for (IllustrationFailure failure : IllustrationFailure.values()) {
      settled(failure.name());
    }
  }

  /** The gateway with the image calls timed, as the text model's are. */
  ImageGateway metered(ImageGateway gateway) {
    return request ->
        MeteredModelGateway.timed(
            meters,
            "fablestream.image.calls",
            "Image model calls, the gateway's retries included, by outcome",
            () -> gateway.draw(request),
            drawn -> drawn == null || drawn.model() == null ? "" : drawn.model());
  }

  void drawn(int size) {
    settled(DRAWN).increment();
    bytes.record(size);
  }

  void failed(IllustrationFailure failure) {
    settled(failure.name()).increment();
  }

  private Counter settled(String outcome) {
    return meters.counter(
        "fablestream.chapters.illustrated",
        "Chapters whose illustration was settled: drawn, or failed by reason code",
        "outcome",
        outcome.toLowerCase(Locale.ROOT));
  }
}
