package io.fablestream.platform.model.configured;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.image.Automatic1111ImageGateway;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.platform.model.image.ImageGateway;
import io.fablestream.platform.model.openai.OpenAiImageGateway;
import io.fablestream.platform.retry.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * The image server {@code illustrations.provider} names: its gateway, speaking the OpenAI images
 * API or Automatic1111's, and the check that it serves the configured model. Apart from the {@code
 * image} package for the same reason as {@link ModelProviders}: the OpenAI gateway builds on the
 * {@code openai} package, which must not import back.
 */
public final class ImageProviders {
  private ImageProviders() {}

  /**
   * The gateway to the settings' image server, speaking its provider's API.
   *
   * @param backoff the retries of a transient failure
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
   * The gateway of {@code illustrations.*} when {@code illustrations.enabled}, retried on the model
   * backoff ({@code model.retries}, {@code model.retry.backoff}); the calling service times the
   * calls (chapter-service's {@code fablestream.image.calls}). The settings are read and checked
   * either way, so a wrong value stops a process at start.
   *
   * @param registry the process's registry, or null for no meters
   * @return empty when illustrations are off
   */
  public static Optional<ImageGateway> fromConfig(Config config, MeterRegistry registry) {
    IllustrationSettings settings = IllustrationSettings.from(config);
    if (!settings.enabled()) {
      return Optional.empty();
    }
    return Optional.of(from(settings, ModelSettings.from(config).backoff(), registry));
  }

  /**
   * Checks, before any work and only when {@code illustrations.enabled}, that the image server
   * answers, takes the key, and serves the model {@code illustrations.model} names: an
   * Automatic1111 server's {@code GET /sdapi/v1/sd-models}, an OpenAI images API's {@code GET
   * /models}. Retried on the model backoff, as a drawing would be.
   *
   * @throws ModelException {@code MODEL_NOT_FOUND} naming the setting and what the server serves,
   *     {@code REJECTED} when it refuses the key or has no API at the URL, or {@code UNAVAILABLE}
   *     when it cannot be reached; each message names the setting to change
   */
  public static void requireConfiguredModel(Config config) {
    IllustrationSettings settings = IllustrationSettings.from(config);
    if (!settings.enabled()) {
      return;
    }
    Backoff backoff = ModelSettings.from(config).backoff();
    switch (settings.provider()) {
      case OPENAI -> new OpenAiImageGateway(settings, backoff, null).requireConfiguredModel();
      case AUTOMATIC1111 ->
          new Automatic1111ImageGateway(settings, backoff, null).requireConfiguredModel();
    }
  }
}
