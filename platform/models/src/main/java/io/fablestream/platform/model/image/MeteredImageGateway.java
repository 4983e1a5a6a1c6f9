package io.fablestream.platform.model.image;

import io.fablestream.platform.model.ModelException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/** An image gateway that times each drawing and counts its bytes, tagged with the caller. */
final class MeteredImageGateway implements ImageGateway {
  private final ImageGateway gateway;
  private final MeterRegistry registry;
  private final String service;

  MeteredImageGateway(ImageGateway gateway, MeterRegistry registry, String service) {
    this.gateway = gateway;
    this.registry = registry;
    this.service = service;
  }

  @Override
  public DrawnImage draw(DrawRequest request) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "error";
    try {
      DrawnImage image = gateway.draw(request);
      outcome = "success";
      Counter.builder("fablestream.image.bytes")
          .description("Bytes of the pictures the image server drew")
          .tag("service", service)
          .register(registry)
          .increment(image.data().length);
      return image;
    } catch (ModelException e) {
      outcome = e.kind().name().toLowerCase(Locale.ROOT);
      throw e;
    } finally {
      sample.stop(
          Timer.builder("fablestream.image.calls")
              .description("Drawings asked of the image server, retries included, by outcome")
              .tag("service", service)
              .tag("outcome", outcome)
              .publishPercentileHistogram()
              .register(registry));
    }
  }
}
