package io.fablestream.platform.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.Usage;
import io.fablestream.platform.model.http.ServerText;
import io.fablestream.platform.model.http.TransientFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the OpenAI API's answers: a {@code chat.completion} object and a {@code /models} list. An
 * answer that is not that JSON is a {@link TransientFailure}: a proxy's error page or a cut
 * connection, which another attempt may not meet.
 */
final class OpenAiAnswers {
  private OpenAiAnswers() {}

  /**
   * The first choice of a {@code chat.completion}: its message's content ({@code refusal} when the
   * model refused and wrote no content), the usage the server reported, and whether {@code
   * finish_reason} says the answer ran into {@code max_tokens}.
   *
   * @param millis how long the exchange took, as the model time (the API reports none)
   */
  static ModelAnswer fromCompletion(ObjectMapper json, String model, String body, long millis)
      throws TransientFailure {
    JsonNode root = ServerText.object(json, body, OpenAiAnswers::malformed);
    JsonNode choices = root.path("choices");
    if (!choices.isArray() || choices.isEmpty() || !choices.get(0).path("message").isObject()) {
      throw malformed(body, null);
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.get("message");
    String text =
        message.path("content").isTextual()
            ? message.get("content").asText()
            : message.path("refusal").asText("");
    JsonNode usage = root.path("usage");
    String answeredBy = root.path("model").isTextual() ? root.get("model").asText() : model;
    boolean cutShort = "length".equals(choice.path("finish_reason").asText(""));
    return new ModelAnswer(
        answeredBy,
        text,
        new Usage(
            usage.path("prompt_tokens").asLong(0),
            usage.path("completion_tokens").asLong(0),
            millis,
            1),
        cutShort);
  }

  /** The models of a {@code /models} answer: {@code {"object": "list", "data": [{"id"...}]}}. */
  static List<OpenAiModelGateway.ServedModel> models(ObjectMapper json, String body)
      throws TransientFailure {
    JsonNode data = ServerText.object(json, body, OpenAiAnswers::malformed).path("data");
    if (!data.isArray()) {
      throw malformed(body, null);
    }
    List<OpenAiModelGateway.ServedModel> out = new ArrayList<>();
    for (JsonNode model : data) {
      if (model.path("id").isTextual()) {
        out.add(
            new OpenAiModelGateway.ServedModel(
                model.get("id").asText(), model.path("owned_by").asText("")));
      }
    }
    return out;
  }

  private static TransientFailure malformed(String body, Exception cause) {
    String shown = body == null ? "" : body.strip();
    return new TransientFailure(
        TransientFailure.Reason.MALFORMED,
        "an answer that is not the OpenAI API's JSON: " + ServerText.cut(shown),
        cause);
  }
}
