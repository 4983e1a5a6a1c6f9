package io.fablestream.platform.model;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ollama.OllamaModelGateway;
import io.fablestream.platform.model.openai.OpenAiModelGateway;
import io.micrometer.core.instrument.MeterRegistry;

/** Makes the model gateway the configuration asks for, and wraps it with a service's meters. */
public final class ModelGateways {
  private ModelGateways() {}

  /**
   * The gateway of {@code model.provider}: Ollama's ({@code ollama.*}) or an OpenAI-compatible
   * server's ({@code openai.*}). Its retry counter ({@code fablestream.model.retries}) goes to
   * registry when there is one; per-service call meters come from {@link #metered}.
   *
   * @param registry the process's registry, or null for no meters
   */
  public static ModelGateway fromConfig(Config config, MeterRegistry registry) {
    ModelSettings settings = ModelSettings.from(config);
    return switch (settings.provider()) {
      case OLLAMA -> new OllamaModelGateway(settings, registry);
      case OPENAI -> new OpenAiModelGateway(settings, registry);
    };
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
   * Checks, before any work, that the configured model server is reachable and has the vision, text
   * and judge models: Ollama's {@code /api/tags}, or an OpenAI-compatible server's {@code /models}.
   *
   * @throws ModelException {@code MODEL_NOT_FOUND} naming the missing models and the fix ({@code
   *     ollama pull}, or the setting to change and the models the server serves), {@code REJECTED}
   *     when the server refuses the API key or has no API at the base URL, or {@code UNAVAILABLE}
   *     asking whether the server runs where the config says
   */
  public static void requireConfiguredModels(Config config) {
    ModelSettings settings = ModelSettings.from(config);
    switch (settings.provider()) {
      case OLLAMA -> new OllamaModelGateway(settings, null).requireConfiguredModels();
      case OPENAI -> new OpenAiModelGateway(settings, null).requireConfiguredModels();
    }
  }
}
