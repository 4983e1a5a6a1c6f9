package io.fablestream.platform.model.image;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wraps an image gateway with a service's meters. The gateway the configuration asks for is made by
 * {@code io.fablestream.platform.model.configured.ImageProviders}, beside the providers it chooses.
 */
public final class ImageGateways {
  private ImageGateways() {}

  /**
   * The gateway with one service's meters: Timer {@code fablestream.image.calls} (tags service,
   * outcome = success, model_not_found, unavailable, rejected, error) and Counter {@code
   * fablestream.image.bytes} (tag service).
   */
  public static ImageGateway metered(ImageGateway gateway, MeterRegistry registry, String service) {
    return new MeteredImageGateway(gateway, registry, service);
  }
}
