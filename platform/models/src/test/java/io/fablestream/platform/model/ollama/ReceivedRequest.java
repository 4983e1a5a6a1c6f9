package io.fablestream.platform.model.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.platform.model.LoopbackTestServer.Arrival;
import io.fablestream.platform.model.TextModelTestServer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One request the {@link OllamaTestServer} received, parsed as Ollama reads it. For {@code
 * /api/chat} the prompt is the last user message, the system prompt the first system message, and
 * the images those of the user messages; for {@code /api/embed} the inputs are in {@link #input}.
 *
 * @param arrival the request as it arrived: its method, path (such as {@code /api/generate}),
 *     headers and raw body
 * @param model the {@code model} field, or null
 * @param prompt the prompt, or null
 * @param system the system prompt, or null
 * @param images the images as sent, base64
 * @param format the {@code format} field ({@code "json"} or a JSON schema object), or null
 * @param options the {@code options} field; empty when absent
 * @param stream whether the answer is streamed (Ollama's default when the field is absent: true)
 * @param input the texts of an embed request
 */
public record ReceivedRequest(
    Arrival arrival,
    String model,
    String prompt,
    String system,
    List<String> images,
    JsonNode format,
    Map<String, Object> options,
    boolean stream,
    List<String> input)
    implements TextModelTestServer.Prompted {

  /** The images decoded from base64. */
  public List<byte[]> decodedImages() {
    return images.stream().map(Base64.getDecoder()::decode).toList();
  }

  /** The {@code format} field as JSON text, or null when absent. */
  public String formatJson() {
    return format == null ? null : format.toString();
  }
}
