package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.OllamaSettings;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGateways;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Asks Ollama, before a book starts, whether it answers and has the models the config names, so a
 * person hears "ollama pull llava:7b" in seconds rather than a failed book minutes later.
 */
public final class OllamaCheck {
  private OllamaCheck() {}

  /**
   * What is wrong with Ollama for this config.
   *
   * @return empty when Ollama answers and has every model; otherwise the problem and its fix
   */
  public static Optional<String> problem(Config config) {
    try {
      ModelGateways.requireConfiguredModels(config);
      return Optional.empty();
    } catch (ModelException e) {
      OllamaSettings ollama = OllamaSettings.from(config);
      StringBuilder message = new StringBuilder(e.getMessage());
      if (e.kind() == ModelException.Kind.MODEL_NOT_FOUND) {
        message.append("\nPull the models Fablestream uses with:");
      } else {
        message.append("\nStart it with:\n  ollama serve\nthen pull the models it uses:");
      }
      Set<String> models = new LinkedHashSet<>();
      models.add(ollama.visionModel());
      models.add(ollama.textModel());
      models.add(ollama.judgeModel());
      for (String model : models) {
        message.append("\n  ollama pull ").append(model);
      }
      return Optional.of(message.toString());
    }
  }
}
