package io.fablestream.platform.model.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.http.ModelHttp;
import io.fablestream.platform.model.http.ServerText;
import io.fablestream.platform.model.http.TransientFailure;
import java.io.IOException;

/**
 * What a non-200 answer from Ollama means: transient ones (5xx, 408, 429) to retry, a model that is
 * not pulled, a host that is not Ollama, or a rejected request, which are final.
 */
final class OllamaErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OllamaErrors() {}

  /** The exception for a non-200 answer: transient ones to retry, the rest final. */
  static TransientFailure of(String host, String model, ModelHttp.Answer response) {
    int status = response.status();
    String error = errorText(response.body());
    if (status >= 500 || status == 408 || status == 429) {
      return new TransientFailure(
          TransientFailure.Reason.SERVER_ERROR, "HTTP " + status + ": " + error, null);
    }
    if (status == 404 && isOllamaError(response.body())) {
      throw ModelException.of(
          ModelException.Kind.MODEL_NOT_FOUND,
          "model " + model + " is not available at " + host + "; run: ollama pull " + model);
    }
    if (status == 404) {
      throw ModelException.of(
          ModelException.Kind.REJECTED,
          "no Ollama API at " + host + " (HTTP 404: " + error + "): check OLLAMA_HOST");
    }
    throw ModelException.of(
        ModelException.Kind.REJECTED,
        "Ollama at "
            + host
            + " rejected the request for model "
            + model
            + ": HTTP "
            + status
            + ": "
            + error);
  }

  private static boolean isOllamaError(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.hasNonNull("error");
    } catch (IOException e) {
      return false;
    }
  }

  /** Ollama's {@code error} text, or the body cut short when it is not Ollama's JSON. */
  private static String errorText(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.hasNonNull("error")) {
        return ServerText.cut(node.get("error").asText());
      }
    } catch (IOException e) {
      // Not JSON (a proxy's HTML page): show the start of it.
    }
    return ServerText.body(body);
  }
}
