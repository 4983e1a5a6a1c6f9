package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.FailureReason;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A vision call that failed for good is told in the words of the model server configured. */
class VisionAnalystTest {
  private static VisionAnalyst analyst(Map<String, String> config) {
    return new VisionAnalyst("vision:test", 1, ModelSettings.from(Config.of(config)));
  }

  @Test
  void anOllamaServerThatCannotAnswerIsToldWithOllamasKeys() {
    ModelException down =
        new ModelException(ModelException.Kind.UNAVAILABLE, "Connection refused", 4, null);

    assertThat(analyst(Map.of("model.vision", "vision:test")).failed(down, Usage.NONE))
        .isEqualTo(
            new VisionOutcome.Failed(
                FailureReason.MODEL_UNAVAILABLE,
                "The model server could not answer after 4 attempts (Connection refused). Fix:"
                    + " start Ollama where OLLAMA_HOST (ollama.host) points and pull vision:test"
                    + " (ollama pull <model>; set by model.vision), with room for the model, then"
                    + " submit the image again.",
                Usage.NONE));
  }

  @Test
  void anOpenAiServerIsToldWithTheOpenAiKeysNotOllamas() {
    Map<String, String> openAi =
        Map.of(
            "model.provider", "openai",
            "openai.base.url", "http://localhost:8000/v1",
            "model.vision", "vision:test");
    ModelException missing =
        new ModelException(ModelException.Kind.MODEL_NOT_FOUND, "no such model", 1, null);
    ModelException down =
        new ModelException(ModelException.Kind.UNAVAILABLE, "Connection refused", 4, null);

    assertThat(analyst(openAi).failed(missing, Usage.NONE).message())
        .isEqualTo(
            "The vision model vision:test is not on the OpenAI-compatible server at"
                + " http://localhost:8000/v1 (no such model). Set model.vision"
                + " (FABLESTREAM_MODEL_VISION) to a vision model it has, then submit the image"
                + " again.");
    assertThat(analyst(openAi).failed(down, Usage.NONE).message())
        .isEqualTo(
            "The model server could not answer after 4 attempts (Connection refused). Fix: check"
                + " that the OpenAI-compatible server at http://localhost:8000/v1"
                + " (openai.base.url) is up, is given openai.api.key if it wants a key, and serves"
                + " vision:test (model.vision), with room for the model, then submit the image"
                + " again.");
  }
}
