package io.fablestream.platform.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.platform.model.http.ServerText;
import java.io.IOException;
import java.util.Locale;

/**
 * An error body as OpenAI-compatible servers send it: {@code {"error": {"message", "type", "param",
 * "code"}}} (OpenAI, llama-server, vLLM 0.10 and later, where {@code code} may be a number), or the
 * same fields at the top level with {@code "object": "error"} (older vLLM), or {@code {"error":
 * "text"}} (some proxies). A body that is none of these (an HTML page) is kept as its start.
 *
 * @param message the server's words, or the start of the body
 * @param type the error's type ({@code invalid_request_error}), or empty
 * @param code the error's code ({@code model_not_found}, {@code 404}), or empty
 * @param api whether the body was one of the API's error shapes
 */
record OpenAiError(String message, String type, String code, boolean api) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The error a body carries. */
  static OpenAiError of(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
      if (node != null && node.isObject()) {
        JsonNode error = node.get("error");
        if (error != null && error.isObject() && error.hasNonNull("message")) {
          return new OpenAiError(
              ServerText.cut(error.get("message").asText()),
              text(error, "type"),
              text(error, "code"),
              true);
        }
        if (error != null && error.isTextual()) {
          return new OpenAiError(ServerText.cut(error.asText()), "", "", true);
        }
        if (node.hasNonNull("message")) {
          return new OpenAiError(
              ServerText.cut(node.get("message").asText()),
              text(node, "type"),
              text(node, "code"),
              true);
        }
      }
    } catch (IOException e) {
      // Not JSON (a proxy's HTML page): show the start of it.
    }
    return new OpenAiError(ServerText.body(body), "", "", false);
  }

  /** Whether the message mentions any of the words, in any case. */
  boolean mentions(String... words) {
    String lower = (message + " " + code + " " + type).toLowerCase(Locale.ROOT);
    for (String word : words) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** The code, else the type, for a message that must not quote the server. */
  String label() {
    return !code.isEmpty() ? code : type;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
