package io.fablestream.platform.model.ollama;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fablestream.platform.LoopbackHttp;
import io.fablestream.platform.model.LoopbackTestServer;
import io.fablestream.platform.model.LoopbackTestServer.Arrival;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ollama's JSON as it goes over the wire: requests parsed the way Ollama reads them, answers
 * written with Ollama's fields, content types and NDJSON streaming.
 */
final class OllamaWire {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The content type of Ollama's JSON answers. */
  static final String JSON_TYPE = "application/json; charset=utf-8";

  /** Why a request cannot be read; Ollama answers these with 400. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  private OllamaWire() {}

  /** Parses a request, as Ollama would, into what the log keeps. */
  static ReceivedRequest parse(Arrival arrival) throws BadRequest {
    String body = arrival.body();
    if (!"POST".equals(arrival.method())) {
      return new ReceivedRequest(
          arrival, null, null, null, List.of(), null, Map.of(), false, List.of());
    }
    if (body.isBlank()) {
      throw new BadRequest("missing request body");
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest("invalid character in request body: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadRequest("json: cannot unmarshal into Go value of type api.Request");
    }
    String prompt = text(node, "prompt");
    String system = text(node, "system");
    List<String> images = strings(node.get("images"));
    if (node.has("messages")) {
      for (JsonNode message : node.get("messages")) {
        String role = text(message, "role");
        if ("system".equals(role) && system == null) {
          system = text(message, "content");
        } else if ("user".equals(role)) {
          prompt = text(message, "content");
          images = new ArrayList<>(images);
          images.addAll(strings(message.get("images")));
        }
      }
    }
    for (String image : images) {
      try {
        java.util.Base64.getDecoder().decode(image);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("illegal base64 data at input byte 0");
      }
    }
    JsonNode format = node.get("format");
    if (format != null && format.isNull()) {
      format = null;
    }
    if (format != null
        && !(format.isObject() || (format.isTextual() && format.asText().equals("json")))
        && !(format.isTextual() && format.asText().isEmpty())) {
      throw new BadRequest(
          "invalid format: " + format + "; expected \"json\" or a valid JSON Schema");
    }
    Map<String, Object> options =
        node.hasNonNull("options")
            ? JSON.convertValue(node.get("options"), new TypeReference<Map<String, Object>>() {})
            : Map.of();
    boolean stream = !node.has("stream") || node.get("stream").asBoolean(true);
    List<String> input =
        node.has("input") && node.get("input").isTextual()
            ? List.of(node.get("input").asText())
            : strings(node.get("input"));
    return new ReceivedRequest(
        arrival,
        text(node, "model"),
        prompt,
        system,
        List.copyOf(images),
        format,
        options,
        stream,
        input);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  /** A generate or chat chunk's common head: model and created_at. */
  static ObjectNode head(String model) {
    ObjectNode node = JSON.createObjectNode();
    node.put("model", model);
    node.put("created_at", Instant.now().toString());
    return node;
  }

  /** The fields of the last chunk: done, done_reason and the usage, durations in nanoseconds. */
  static void finish(ObjectNode node, String doneReason, long totalNanos, int prompt, int eval) {
    long load = Math.min(totalNanos, 1_000_000L);
    long rest = totalNanos - load;
    node.put("done", true);
    node.put("done_reason", doneReason);
    node.put("total_duration", totalNanos);
    node.put("load_duration", load);
    node.put("prompt_eval_count", prompt);
    node.put("prompt_eval_duration", rest / 3);
    node.put("eval_count", eval);
    node.put("eval_duration", rest - rest / 3);
  }

  /** A chat message of the assistant. */
  static ObjectNode message(String content) {
    ObjectNode message = JSON.createObjectNode();
    message.put("role", "assistant");
    message.put("content", content);
    return message;
  }

  /** An embed answer: the model, one vector per input, and the usage. */
  static ObjectNode embeddings(String model, List<float[]> vectors, long nanos, int tokens) {
    ObjectNode node = JSON.createObjectNode();
    node.put("model", model);
    ArrayNode all = node.putArray("embeddings");
    for (float[] v : vectors) {
      ArrayNode array = all.addArray();
      for (float x : v) {
        array.add(x);
      }
    }
    node.put("total_duration", nanos);
    node.put("load_duration", Math.min(nanos, 1_000_000L));
    node.put("prompt_eval_count", tokens);
    return node;
  }

  /** Ollama's error body. */
  static String error(String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error", message);
    return node.toString();
  }

  /** Sends one JSON answer. */
  static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    send(exchange, status, JSON_TYPE, json);
  }

  /** Sends a text answer with its content type. */
  static void send(HttpExchange exchange, int status, String contentType, String text)
      throws IOException {
    LoopbackHttp.send(exchange, status, contentType, text);
  }

  /** Starts an NDJSON stream (chunked); write lines with {@link #line}. */
  static OutputStream startStream(HttpExchange exchange) throws IOException {
    return LoopbackTestServer.startChunks(exchange, "application/x-ndjson");
  }

  /** Writes one NDJSON line and flushes it, as Ollama sends each token. */
  static void line(OutputStream out, JsonNode node) throws IOException {
    LoopbackTestServer.writeFlushed(out, node + "\n");
  }

  /** The {@code num_predict} option, or -1 (Ollama's "no limit") when absent. */
  static int numPredict(Map<String, Object> options) {
    Object value = options.get("num_predict");
    return value instanceof Number n ? n.intValue() : -1;
  }

  /** Words, as the default token count. */
  static int words(String text) {
    return text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
  }
}
