package io.fablestream.platform.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.platform.model.LoopbackTestServer.Arrival;
import io.fablestream.platform.model.TextModelTestServer;
import java.util.List;

/**
 * One request the {@link OpenAiTestServer} received, read as the API reads it: the system prompt is
 * the first system message, the prompt the text of the last user message (its text parts joined),
 * the images that message's {@code image_url} URLs.
 *
 * @param arrival the request as it arrived: its method, path (such as {@code
 *     /v1/chat/completions}), headers and raw body
 * @param json the body as JSON (an empty object for a GET)
 * @param model the {@code model} field, or null
 * @param system the system prompt, or null
 * @param prompt the user prompt, or null
 * @param images the image URLs of the user message ({@code data:image/png;base64,...})
 */
public record OpenAiRequest(
    Arrival arrival, JsonNode json, String model, String system, String prompt, List<String> images)
    implements TextModelTestServer.Prompted {

  /** The {@code response_format} field, or null. */
  public JsonNode responseFormat() {
    JsonNode format = json.get("response_format");
    return format == null || format.isNull() ? null : format;
  }

  /** The {@code response_format.type}, or null when there is none. */
  public String responseFormatType() {
    JsonNode format = responseFormat();
    return format == null ? null : format.path("type").asText(null);
  }

  /** The answer bound: {@code max_completion_tokens}, else {@code max_tokens}, else null. */
  public Integer maxTokens() {
    for (String field : List.of("max_completion_tokens", "max_tokens")) {
      if (json.path(field).isNumber()) {
        return json.get(field).asInt();
      }
    }
    return null;
  }

  /** The {@code temperature} field, or null. */
  public Double temperature() {
    return json.path("temperature").isNumber() ? json.get("temperature").asDouble() : null;
  }

  /** Whether the answer is streamed as server-sent events. */
  public boolean stream() {
    return json.path("stream").asBoolean(false);
  }

  /** The images' bytes, decoded from their {@code data:} URLs. */
  public List<byte[]> decodedImages() {
    return images.stream()
        .map(url -> java.util.Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)))
        .toList();
  }
}
