package io.fablestream.platform.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.BiFunction;

/**
 * What a model server said, as the gateways read it and a message shows it: its text cut short (a
 * proxy's error page can be long), and its answer read as the JSON object an API answers with.
 *
 * <p>Shared by the model and image gateways; not for use outside them.
 */
public final class ServerText {
  /** The most characters of a server's text that a message shows. */
  public static final int MAX_SHOWN = 300;

  private ServerText() {}

  /** The text, cut to {@link #MAX_SHOWN} characters and marked {@code ...} where it was cut. */
  public static String cut(String text) {
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
  }

  /** A body that says nothing a gateway reads (a proxy's page): its start, or that it was empty. */
  public static String body(String body) {
    return cut(body == null || body.isBlank() ? "(empty body)" : body.strip());
  }

  /**
   * The JSON object an answer is.
   *
   * @param malformed the failure for a text that is not a JSON object, from the text and the parse
   *     error (null when the text was JSON, but no object)
   */
  public static JsonNode object(
      ObjectMapper json, String text, BiFunction<String, Exception, TransientFailure> malformed)
      throws TransientFailure {
    try {
      JsonNode node = json.readTree(text);
      if (node == null || !node.isObject()) {
        throw malformed.apply(text, null);
      }
      return node;
    } catch (IOException e) {
      throw malformed.apply(text, e);
    }
  }
}
