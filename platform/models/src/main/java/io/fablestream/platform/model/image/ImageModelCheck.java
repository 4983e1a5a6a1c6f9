package io.fablestream.platform.model.image;

import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.http.RetriedCalls;
import io.fablestream.platform.model.http.ServerText;
import java.util.List;

/**
 * The words of the start-up check of an image server, the same whichever API it speaks: the server
 * does not answer, or does not serve the model {@code illustrations.model} names. Each gateway
 * reads its own API's list of models ({@code GET /models}, {@code GET /sdapi/v1/sd-models}) and its
 * own errors; a refused key or a base URL with no API behind it is the same {@code REJECTED} a
 * drawing would get.
 */
public final class ImageModelCheck {
  private ImageModelCheck() {}

  /**
   * The final exception when the list of models could not be had after the retries.
   *
   * @param api what should answer ({@code Automatic1111 API})
   * @param server the server as messages show it
   * @param lastError the last failure's message as it may be shown (credentials scrubbed)
   * @param start how to start such a server
   */
  public static ModelException unreachable(
      String api, String server, RetriedCalls.Exhausted exhausted, String lastError, String start) {
    return new ModelException(
        ModelException.Kind.UNAVAILABLE,
        "no %s answers at %s (%s): %s, or set %s."
            .formatted(api, server, lastError, start, IllustrationSettings.URL.nameAndEnv()),
        exhausted.attempts(),
        exhausted.last());
  }

  /**
   * The final exception for a configured model the server does not serve.
   *
   * @param model the model illustrations.model names
   * @param served the names the server lists, as the message shows them
   * @param consequence what the server would do with a drawing asked of that model, with a leading
   *     space and comma ({@code , which would draw with its loaded checkpoint instead}), or empty
   */
  public static ModelException notServed(
      String model, String server, List<String> served, String consequence) {
    ConfigKey key = IllustrationSettings.MODEL;
    String list = served.isEmpty() ? "(none)" : ServerText.cut(String.join(", ", served));
    return ModelException.of(
        ModelException.Kind.MODEL_NOT_FOUND,
        ("image model %s (%s, environment %s) is not served at %s%s; it serves: %s. Set %s to a"
                + " model it serves, or leave it empty for the server's own.")
            .formatted(model, key.name(), key.envName(), server, consequence, list, key.name()));
  }
}
