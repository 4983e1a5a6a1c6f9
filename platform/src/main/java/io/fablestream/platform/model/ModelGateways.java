package io.fablestream.platform.model;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.OllamaSettings;
import io.fablestream.platform.model.ollama.OllamaModelGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** Makes the model gateway the configuration asks for, and wraps it with a service's meters. */
public final class ModelGateways {
  private ModelGateways() {}

  /**
   * The Ollama gateway of the {@code ollama.*} settings. Its retry counter ({@code
   * fablestream.model.retries}) goes to registry when there is one; per-service call meters come
   * from {@link #metered}.
   *
   * @param registry the process's registry, or null for no meters
   */
  public static ModelGateway fromConfig(Config config, MeterRegistry registry) {
    return new OllamaModelGateway(OllamaSettings.from(config), registry);
  }

  /**
   * The gateway with one service's meters: Timer {@code fablestream.model.calls} (tags service,
   * model, outcome = success, model_not_found, unavailable, rejected, error) and Counter {@code
   * fablestream.model.tokens} (tags service, model, kind = prompt, output). Services wrap the
   * shared gateway with their name.
   */
  public static ModelGateway metered(ModelGateway gateway, MeterRegistry registry, String service) {
    return new MeteredModelGateway(gateway, registry, service);
  }

  /**
   * Checks, before any work, that the Ollama of the config is reachable and has the vision, text
   * and judge models pulled.
   *
   * @throws ModelException {@code MODEL_NOT_FOUND} with the {@code ollama pull} commands to run, or
   *     {@code UNAVAILABLE} asking whether Ollama runs at the configured host
   */
  public static void requireConfiguredModels(Config config) {
    OllamaSettings settings = OllamaSettings.from(config);
    new OllamaModelGateway(settings, null)
        .requireModels(
            List.of(settings.visionModel(), settings.textModel(), settings.judgeModel()));
  }
}
