package io.fablestream.platform.model.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.Usage;
import io.fablestream.platform.model.http.ServerText;
import io.fablestream.platform.model.http.TransientFailure;
import io.github.ollama4j.models.generate.OllamaGenerateResponseModel;
import io.github.ollama4j.models.response.ListModelsResponse;
import io.github.ollama4j.models.response.Model;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Ollama's answers into ollama4j's types. An answer that is not Ollama's JSON is a {@link
 * TransientFailure}: a proxy's error page or a cut connection, which another attempt may not meet.
 */
final class OllamaAnswers {
  private OllamaAnswers() {}

  /**
   * The answer of {@code /api/generate}. A non-streaming answer is one JSON object; a streamed one
   * (should a proxy force streaming) is NDJSON whose {@code response} parts are joined and whose
   * last line, {@code done: true}, carries the usage. An {@code error} line mid-stream is Ollama
   * failing while it ran the model.
   */
  static ModelAnswer fromGenerate(ObjectMapper json, String model, String body)
      throws TransientFailure {
    StringBuilder text = new StringBuilder();
    OllamaGenerateResponseModel last = null;
    for (String line : body.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = ServerText.object(json, line, OllamaAnswers::malformed);
      if (node.hasNonNull("error")) {
        throw new TransientFailure(
            TransientFailure.Reason.SERVER_ERROR,
            "error while generating: " + ServerText.cut(node.get("error").asText()),
            null);
      }
      try {
        last = json.treeToValue(node, OllamaGenerateResponseModel.class);
      } catch (IOException e) {
        throw malformed(line, e);
      }
      if (last.getResponse() != null) {
        text.append(last.getResponse());
      }
      if (last.isDone()) {
        break;
      }
    }
    if (last == null || !last.isDone()) {
      throw malformed(body, null);
    }
    String answeredBy = last.getModel() == null ? model : last.getModel();
    // "length": num_predict (or the window) ran out before the model ended its answer.
    boolean cutShort = "length".equals(last.getDoneReason());
    return new ModelAnswer(answeredBy, text.toString(), usageOf(last), cutShort);
  }

  /** The names of the pulled models in an {@code /api/tags} answer. */
  static List<String> modelNames(ObjectMapper json, String body) throws TransientFailure {
    ListModelsResponse tags;
    try {
      tags = json.readValue(body, ListModelsResponse.class);
    } catch (IOException e) {
      throw malformed(body, e);
    }
    if (tags == null || tags.getModels() == null) {
      throw malformed(body, null);
    }
    List<String> names = new ArrayList<>();
    for (Model m : tags.getModels()) {
      if (m.getName() != null) {
        names.add(m.getName());
      }
      if (m.getModel() != null && !m.getModel().equals(m.getName())) {
        names.add(m.getModel());
      }
    }
    return names;
  }

  /** The usage Ollama reported in one answer; absent counts (a cached prompt) are zero. */
  static Usage usageOf(OllamaGenerateResponseModel answer) {
    long prompt = answer.getPromptEvalCount() == null ? 0 : answer.getPromptEvalCount();
    long output = answer.getEvalCount() == null ? 0 : answer.getEvalCount();
    long nanos = answer.getTotalDuration() == null ? 0 : answer.getTotalDuration();
    return new Usage(prompt, output, nanos / 1_000_000, 1);
  }

  private static TransientFailure malformed(String body, Exception cause) {
    return new TransientFailure(
        TransientFailure.Reason.MALFORMED,
        "an answer that is not Ollama's JSON: " + ServerText.cut(body.strip()),
        cause);
  }
}
