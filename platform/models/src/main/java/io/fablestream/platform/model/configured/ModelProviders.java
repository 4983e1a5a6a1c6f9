package io.fablestream.platform.model.configured;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.ollama.OllamaModelGateway;
import io.fablestream.platform.model.openai.OpenAiModelGateway;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The model server {@code model.provider} names: its gateway, and the check that it serves the
 * configured models. It lives apart from the {@code model} package, which the providers build on,
 * so that no two packages import each other; a process makes its gateway here once (the app's
 * {@code LineParts}).
 */
public final class ModelProviders {
  private ModelProviders() {}

  /**
   * The gateway of {@code model.provider}: Ollama's ({@code ollama.*}) or an OpenAI-compatible
   * server's ({@code openai.*}). Its retry counter ({@code fablestream.model.retries}) goes to
   * registry when there is one; per-service call meters come from {@link ModelGateways#metered}.
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
