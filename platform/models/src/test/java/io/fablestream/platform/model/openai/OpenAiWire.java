package io.fablestream.platform.model.openai;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The OpenAI API's JSON as it goes over the wire: chat completion requests read and checked the way
 * the API checks them (with its 400 messages), answers written as {@code chat.completion} objects,
 * {@code chat.completion.chunk} events and {@code list} objects, errors as {@code {"error":
 * {"message", "type", "param", "code"}}}.
 */
final class OpenAiWire {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The content type of the API's JSON answers. */
  static final String JSON_TYPE = "application/json";

  private static final Pattern DATA_URL =
      Pattern.compile("data:image/(png|jpeg|jpg|gif|webp);base64,[A-Za-z0-9+/=]+");

  /** A request the API refuses, with the status and error fields it answers. */
  static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;
    final String param;
    final String code;

    ApiError(int status, String message, String type, String param, String code) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
      this.param = param;
      this.code = code;
    }

    static ApiError invalid(String message, String param, String code) {
      return new ApiError(400, message, "invalid_request_error", param, code);
    }
  }

  private OpenAiWire() {}

  /** Reads a request as the API would, into what the log keeps. */
  static OpenAiRequest parse(Arrival arrival) throws ApiError {
    String body = arrival.body();
    if (!"POST".equals(arrival.method())) {
      return new OpenAiRequest(arrival, JSON.createObjectNode(), null, null, null, List.of());
    }
    JsonNode node;
    try {
      node = body.isBlank() ? null : JSON.readTree(body);
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw ApiError.invalid(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't"
              + " using your HTTP library correctly. The OpenAI API expects a JSON payload, but"
              + " what was sent was not valid JSON.)",
          null,
          null);
    }
    String system = null;
    String prompt = null;
    List<String> images = new ArrayList<>();
    JsonNode messages = node.get("messages");
    if (messages != null && messages.isArray()) {
      for (int i = 0; i < messages.size(); i++) {
        JsonNode message = messages.get(i);
        String role = message.path("role").asText("");
        if (!List.of("system", "developer", "user", "assistant", "tool").contains(role)) {
          throw ApiError.invalid(
              "Invalid value: '"
                  + role
                  + "'. Supported values are: 'system', 'assistant', 'user', 'tool', and"
                  + " 'developer'.",
              "messages[" + i + "].role",
              "invalid_value");
        }
        JsonNode content = message.get("content");
        if (("system".equals(role) || "developer".equals(role)) && system == null) {
          system = content == null ? null : content.asText();
        } else if ("user".equals(role)) {
          images = new ArrayList<>();
          prompt = userText(content, i, images);
        }
      }
    }
    return new OpenAiRequest(
        arrival,
        node,
        node.path("model").isTextual() ? node.get("model").asText() : null,
        system,
        prompt,
        List.copyOf(images));
  }

  /** Checks what a chat completion needs, as the API does, before any model is asked. */
  static void check(OpenAiRequest request) throws ApiError {
    JsonNode node = request.json();
    if (request.model() == null || request.model().isBlank()) {
      throw ApiError.invalid("you must provide a model parameter", null, null);
    }
    if (!node.path("messages").isArray() || node.get("messages").isEmpty()) {
      throw ApiError.invalid(
          "Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
    }
    String type = request.responseFormatType();
    if (request.responseFormat() != null) {
      if (!List.of("text", "json_object", "json_schema").contains(String.valueOf(type))) {
        throw ApiError.invalid(
            "Invalid value: '"
                + type
                + "'. Supported values are: 'json_object', 'json_schema', and 'text'.",
            "response_format.type",
            "invalid_value");
      }
      JsonNode schema = request.responseFormat().path("json_schema");
      if ("json_schema".equals(type) && !schema.path("name").isTextual()) {
        throw ApiError.invalid(
            "Missing required parameter: 'response_format.json_schema.name'.",
            "response_format.json_schema.name",
            "missing_required_parameter");
      }
      if ("json_schema".equals(type) && !schema.path("schema").isObject()) {
        throw ApiError.invalid(
            "Invalid schema for response_format '"
                + schema.path("name").asText()
                + "': schema must be a JSON Schema of 'type: \"object\"'.",
            "response_format",
            "invalid_json_schema");
      }
      if ("json_object".equals(type)
          && !node.get("messages").toString().toLowerCase(Locale.ROOT).contains("json")) {
        throw ApiError.invalid(
            "'messages' must contain the word 'json' in some form, to use 'response_format' of"
                + " type 'json_object'.",
            "messages",
            null);
      }
    }
    for (String field : List.of("max_tokens", "max_completion_tokens")) {
      if (node.has(field) && !(node.get(field).isInt() && node.get(field).asInt() >= 1)) {
        throw ApiError.invalid(
            "Invalid '" + field + "': integer below minimum value. Expected a value >= 1.",
            field,
            "integer_below_min_value");
      }
    }
  }

  private static String userText(JsonNode content, int index, List<String> images) throws ApiError {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (int p = 0; p < content.size(); p++) {
      JsonNode part = content.get(p);
      String partType = part.path("type").asText("");
      switch (partType) {
        case "text" -> text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asText());
        case "image_url" -> {
          String url = part.path("image_url").path("url").asText("");
          if (!url.startsWith("http://")
              && !url.startsWith("https://")
              && !DATA_URL.matcher(url).matches()) {
            throw ApiError.invalid(
                "Invalid 'messages["
                    + index
                    + "].content["
                    + p
                    + "].image_url.url'. Expected a base64-encoded data URL with an image MIME"
                    + " type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value"
                    + " that is not.",
                "messages[" + index + "].content[" + p + "].image_url.url",
                "invalid_value");
          }
          images.add(url);
        }
        default ->
            throw ApiError.invalid(
                "Invalid value: '"
                    + partType
                    + "'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal',"
                    + " and 'file'.",
                "messages[" + index + "].content[" + p + "].type",
                "invalid_value");
      }
    }
    return text.toString();
  }

  /** An error body: {@code {"error": {"message", "type", "param", "code"}}}. */
  static String error(String message, String type, String param, String code) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return root.toString();
  }

  /** A {@code chat.completion} object with one choice. */
  static ObjectNode completion(
      String id, long created, String model, String text, String finish, int prompt, int output) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", "chat.completion");
    root.put("created", created);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", text);
    message.putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", finish);
    root.set("usage", usage(prompt, output));
    root.put("service_tier", "default");
    root.put("system_fingerprint", "fp_fablestream");
    return root;
  }

  /** A {@code chat.completion.chunk}: a delta of the text, or the last one with its reason. */
  static ObjectNode chunk(
      String id, long created, String model, String role, String content, String finish) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", "chat.completion.chunk");
    root.put("created", created);
    root.put("model", model);
    root.put("system_fingerprint", "fp_fablestream");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    if (role != null) {
      delta.put("role", role);
    }
    if (content != null) {
      delta.put("content", content);
    }
    choice.putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return root;
  }

  /** The usage object. */
  static ObjectNode usage(int prompt, int output) {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("prompt_tokens", prompt);
    usage.put("completion_tokens", output);
    usage.put("total_tokens", prompt + output);
    ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
    promptDetails.put("cached_tokens", 0);
    promptDetails.put("audio_tokens", 0);
    ObjectNode outputDetails = usage.putObject("completion_tokens_details");
    outputDetails.put("reasoning_tokens", 0);
    outputDetails.put("audio_tokens", 0);
    outputDetails.put("accepted_prediction_tokens", 0);
    outputDetails.put("rejected_prediction_tokens", 0);
    return usage;
  }

  /** A model of the {@code /models} list. */
  static ObjectNode model(String id, String ownedBy) {
    ObjectNode model = JSON.createObjectNode();
    model.put("id", id);
    model.put("object", "model");
    model.put("created", 1_700_000_000L);
    model.put("owned_by", ownedBy);
    return model;
  }

  /** The {@code /models} list: {@code {"object": "list", "data": [model...]}}, sorted by id. */
  static String modelList(Collection<String> ids, String ownedBy) {
    ObjectNode list = JSON.createObjectNode();
    list.put("object", "list");
    ArrayNode data = list.putArray("data");
    ids.stream().sorted().forEach(id -> data.add(model(id, ownedBy)));
    return list.toString();
  }

  /** Sends one JSON answer. */
  static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    LoopbackHttp.send(exchange, status, JSON_TYPE, json);
  }

  /** Starts a server-sent event stream; write events with {@link #event}. */
  static OutputStream startEvents(HttpExchange exchange) throws IOException {
    return LoopbackTestServer.startChunks(exchange, "text/event-stream; charset=utf-8");
  }

  /** Writes one {@code data:} event and flushes it. */
  static void event(OutputStream out, String data) throws IOException {
    LoopbackTestServer.writeFlushed(out, "data: " + data + "\n\n");
  }

  /** Words, as the default token count. */
  static int words(String text) {
    return text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
  }
}
