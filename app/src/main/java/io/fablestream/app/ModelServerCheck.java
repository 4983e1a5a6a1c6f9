package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.configured.ImageProviders;
import io.fablestream.platform.model.configured.ModelProviders;
import io.fablestream.platform.model.image.IllustrationSettings;
import java.util.Optional;

/**
 * Asks the model server, before a book starts, whether it answers and has the models the config
 * names, so a person hears "ollama pull llava:7b" (or which setting names a model the server does
 * not serve, or that it refused the API key) in seconds rather than a failed book minutes later.
 * Ollama is asked {@code GET /api/tags}; an OpenAI-compatible server {@code GET /models}. With
 * {@code illustrations.enabled}, the image server is asked too: an Automatic1111 server {@code GET
 * /sdapi/v1/sd-models}, an OpenAI images API {@code GET /models}.
 */
public final class ModelServerCheck {
  private ModelServerCheck() {}

  /**
   * What is wrong with the model server, or with the image server when illustrations are on, for
   * this config.
   *
   * @return empty when the servers answer and have every model; otherwise the problem and its fix
   */
  public static Optional<String> problem(Config config) {
    try {
      ModelProviders.requireConfiguredModels(config);
    } catch (ModelException e) {
      ModelSettings models = ModelSettings.from(config);
      return Optional.of(
          models.provider() == ModelSettings.Provider.OLLAMA
              ? ollamaFix(e, models)
              : openAiFix(e, models));
    }
    try {
      ImageProviders.requireConfiguredModel(config);
      return Optional.empty();
    } catch (ModelException e) {
      return Optional.of(imageFix(e, IllustrationSettings.from(config)));
    }
  }

  private static String imageFix(ModelException e, IllustrationSettings images) {
    StringBuilder message = new StringBuilder(e.getMessage());
    switch (e.kind()) {
      case MODEL_NOT_FOUND -> message.append(setNow(IllustrationSettings.MODEL, images.model()));
      case UNAVAILABLE -> message.append(setNow(IllustrationSettings.URL, images.baseUrl()));
      case REJECTED -> message.append("\nFix the setting named above, then run again.");
    }
    return message
        .append("\nOr write the book without pictures: ")
        .append(IllustrationSettings.ENABLED.envName())
        .append("=false")
        .toString();
  }

  private static String setNow(ConfigKey key, Object value) {
    return "\nAs set now:\n  " + key.envName() + "=" + value;
  }

  private static String ollamaFix(ModelException e, ModelSettings models) {
    StringBuilder message = new StringBuilder(e.getMessage());
    if (e.kind() == ModelException.Kind.MODEL_NOT_FOUND) {
      message.append("\nPull the models Fablestream uses with:");
    } else {
      message.append("\nStart it with:\n  ollama serve\nthen pull the models it uses:");
    }
    for (String model : models.models()) {
      message.append("\n  ollama pull ").append(model);
    }
    return message.toString();
  }

  private static String openAiFix(ModelException e, ModelSettings models) {
    StringBuilder message = new StringBuilder(e.getMessage());
    switch (e.kind()) {
      case MODEL_NOT_FOUND -> {
        message.append("\nThe models Fablestream asks for now:");
        for (ModelRole role : ModelRole.values()) {
          message
              .append("\n  ")
              .append(ModelSettings.modelKey(role).envName())
              .append('=')
              .append(models.model(role));
        }
      }
      case UNAVAILABLE ->
          message
              .append("\nStart an OpenAI-compatible server, for example:")
              .append("\n  vllm serve Qwen/Qwen2.5-VL-7B-Instruct --port 8000")
              .append("\n  llama-server -m model.gguf --mmproj mmproj.gguf -c 32768 --port 8080")
              .append("\nthen set OPENAI_BASE_URL to its /v1 URL (now ")
              .append(models.openAi().baseUrl())
              .append(").");
      case REJECTED -> message.append("\nFix the setting named above, then run again.");
    }
    return message.toString();
  }
}
