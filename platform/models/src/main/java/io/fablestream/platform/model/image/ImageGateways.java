package io.fablestream.platform.model.image;

import io.fablestream.platform.model.openai.OpenAiImageGateway;
import io.fablestream.platform.retry.Backoff;
import io.micrometer.core.instrument.MeterRegistry;

/** Makes the image gateway the settings ask for, and wraps one with a service's meters. */
public final class ImageGateways {
  private ImageGateways() {}

  /**
   * The gateway to the settings' image server, speaking its provider's API.
   *
   * @param backoff the retries of a transient failure ({@code model.retries}, {@code
   *     model.retry.backoff})
   * @param registry where the retry counter goes; null for none
   */
  public static ImageGateway from(
      IllustrationSettings settings, Backoff backoff, MeterRegistry registry) {
    return switch (settings.provider()) {
      case OPENAI -> new OpenAiImageGateway(settings, backoff, registry);
      case AUTOMATIC1111 -> new Automatic1111ImageGateway(settings, backoff, registry);
    };
  }

  /**
   * The gateway with one service's meters: Timer {@code fablestream.image.calls} (tags service,
   * outcome = success, model_not_found, unavailable, rejected, error) and Counter {@code
   * fablestream.image.bytes} (tag service).
   */
  public static ImageGateway metered(ImageGateway gateway, MeterRegistry registry, String service) {
    return new MeteredImageGateway(gateway, registry, service);
  }
}
