package io.fablestream.platform.model.openai;

import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.OpenAiSettings;
import io.fablestream.platform.model.http.ModelHttp;
import io.fablestream.platform.model.http.TransientFailure;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a non-200 answer from an OpenAI-compatible server means, with the fix in words: a key that
 * is refused (401, 403), a model the server does not serve (404), a rate limit to wait out (429,
 * honouring Retry-After) or a quota that is spent, a server failing for now (408, 409, 5xx), or a
 * request it rejects. The API key never appears in a message: OpenAI's 401 quotes part of it, so a
 * 401's own text is not shown at all.
 */
final class OpenAiErrors {
  private final String server;
  private final String apiKey;

  /**
   * @param server the server as messages show it
   * @param apiKey the key in use, to keep it out of every message; empty for none
   */
  OpenAiErrors(String server, String apiKey) {
    this.server = server;
    this.apiKey = apiKey;
  }

  /**
   * Whether the answer refuses a {@code json_schema} response format, as older llama-server does
   * (500 "response_format type must be one of "text" or "json_object"") and OpenAI does for older
   * models (400 "'response_format' of type 'json_schema' is not supported with this model"), or
   * refuses one feature of the schema, as vLLM's xgrammar backend did {@code minItems} and {@code
   * maxItems} (400 "The provided JSON schema contains features not supported by xgrammar.", vllm
   * #16880) and Groq does (400 "...: minItems is not supported").
   */
  static boolean refusesSchema(ModelHttp.Answer response) {
    int status = response.status();
    if (status != 400 && status != 422 && status != 500) {
      return false;
    }
    OpenAiError error = OpenAiError.of(response.body());
    return error.mentions("response_format", "json_schema", "xgrammar")
        || (error.mentions("schema", "minitems", "maxitems") && error.mentions("not supported"));
  }

  /**
   * The failure for a non-200 answer to a call: a transient one to retry, or a final {@link
   * ModelException} thrown at once.
   *
   * @param model the model asked
   * @param modelKey the setting that names it, for the fix
   */
  TransientFailure of(String model, ConfigKey modelKey, ModelHttp.Answer response) {
    int status = response.status();
    OpenAiError error = OpenAiError.of(response.body());
    String said = scrub(error.message());
    if (status == 401 || status == 403) {
      throw refusedKey(status, error);
    }
    if (status == 404) {
      // OpenAI answers an unknown URL with its error JSON too ("Invalid URL (POST /v1/x)"): only
      // an error about the model means the model; anything else means the base URL is wrong.
      boolean aboutModel =
          error.api() && (error.mentions("model_not_found", "model") || said.contains(model));
      if (!aboutModel) {
        throw noApi(status, said);
      }
      throw new ModelException(
          ModelException.Kind.MODEL_NOT_FOUND,
          "model "
              + model
              + " is not served at "
              + server
              + " (HTTP 404: "
              + said
              + "); set "
              + modelKey.name()
              + " (environment "
              + modelKey.envName()
              + ") to a model "
              + server
              + "/models lists, or serve "
              + model
              + " there",
          1,
          null);
    }
    if (status == 429) {
      if (error.mentions("insufficient_quota", "exceeded your current quota")) {
        throw new ModelException(
            ModelException.Kind.REJECTED,
            "the account of the key in "
                + OpenAiSettings.API_KEY.name()
                + " has no quota left at "
                + server
                + " (HTTP 429: "
                + said
                + "); add credit to it or use another key",
            1,
            null);
      }
      return new TransientFailure(
          TransientFailure.Reason.RATE_LIMITED,
          "HTTP 429: " + said,
          null,
          retryAfter(response).orElse(Duration.ZERO));
    }
    if (status >= 500 && error.mentions("image input is not supported", "mmproj")) {
      // llama-server without a vision projector answers 500; no retry will load one.
      throw rejected(
          model,
          status,
          said,
          " (set "
              + modelKey.name()
              + " to a model that takes images, or start llama-server with --mmproj)");
    }
    if (status >= 500 || status == 408 || status == 409) {
      return new TransientFailure(
          TransientFailure.Reason.SERVER_ERROR,
          "HTTP " + status + ": " + said,
          null,
          retryAfter(response).orElse(Duration.ZERO));
    }
    String hint = "";
    if (error.mentions("context length", "context_length", "context size", "maximum context")) {
      hint =
          " (the prompt and the answer do not fit the model's context: set "
              + OpenAiSettings.MAX_CONTEXT.name()
              + " to the window the server really has, vLLM's --max-model-len or llama-server's -c"
              + " divided by -np, so such books are refused at intake)";
    }
    throw rejected(model, status, said, hint);
  }

  /** The final exception for a non-200 answer to {@code GET /models}. */
  ModelException ofList(ModelHttp.Answer response) {
    int status = response.status();
    OpenAiError error = OpenAiError.of(response.body());
    if (status == 401 || status == 403) {
      return refusedKey(status, error);
    }
    if (status == 404 || !error.api()) {
      return noApi(status, scrub(error.message()));
    }
    return new ModelException(
        ModelException.Kind.UNAVAILABLE,
        server + " could not list its models (HTTP " + status + ": " + scrub(error.message()) + ")",
        1,
        null);
  }

  /** Whether the answer to a model list is worth another attempt. */
  static boolean transientList(ModelHttp.Answer response) {
    int status = response.status();
    return status >= 500 || status == 408 || status == 429;
  }

  private ModelException refusedKey(int status, OpenAiError error) {
    String key =
        OpenAiSettings.API_KEY.name() + " (environment " + OpenAiSettings.API_KEY.envName() + ")";
    String label = error.label().isEmpty() ? "" : ": " + error.label();
    String message =
        status == 401
            ? (apiKey.isEmpty()
                ? server + " wants an API key (HTTP 401" + label + "): set " + key
                : server
                    + " refused the API key (HTTP 401"
                    + label
                    + "): set "
                    + key
                    + " to a key"
                    + " it accepts")
            : server
                + " refused the API key access (HTTP 403: "
                + scrub(error.message())
                + "): give the key in "
                + key
                + " access to the models, or use another key";
    return new ModelException(ModelException.Kind.REJECTED, message, 1, null);
  }

  private ModelException noApi(int status, String said) {
    return new ModelException(
        ModelException.Kind.REJECTED,
        "no OpenAI-compatible API at "
            + server
            + " (HTTP "
            + status
            + ": "
            + said
            + "): check "
            + OpenAiSettings.BASE_URL.name()
            + " ("
            + OpenAiSettings.BASE_URL.envName()
            + "); it usually ends in /v1",
        1,
        null);
  }

  private ModelException rejected(String model, int status, String said, String hint) {
    return new ModelException(
        ModelException.Kind.REJECTED,
        server
            + " rejected the request for model "
            + model
            + ": HTTP "
            + status
            + ": "
            + said
            + hint,
        1,
        null);
  }

  /** The text with the key, should a server echo it, replaced. */
  String scrub(String text) {
    return apiKey.isEmpty() ? text : text.replace(apiKey, "[the API key]");
  }

  /**
   * The pause a server asked for: {@code retry-after-ms} (OpenAI's), else {@code Retry-After} in
   * seconds or as an HTTP date.
   */
  static Optional<Duration> retryAfter(ModelHttp.Answer response) {
    Optional<String> millis = response.headers().firstValue("retry-after-ms");
    if (millis.isPresent()) {
      try {
        return Optional.of(Duration.ofMillis((long) Double.parseDouble(millis.get().strip())));
      } catch (NumberFormatException e) {
        // Fall through to Retry-After.
      }
    }
    Optional<String> after = response.headers().firstValue("retry-after");
    if (after.isEmpty()) {
      return Optional.empty();
    }
    String value = after.get().strip();
    try {
      return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
    } catch (NumberFormatException e) {
      try {
        Duration until =
            Duration.between(
                ZonedDateTime.now(),
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
