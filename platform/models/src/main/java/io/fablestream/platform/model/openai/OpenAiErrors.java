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
      throw notServed(
          "model " + model, said, modelKey, server + "/models lists, or serve " + model + " there");
    }
    if (status == 429 && error.mentions("insufficient_quota", "exceeded your current quota")) {
      throw ModelException.of(
          ModelException.Kind.REJECTED,
          "the account of the key in "
              + OpenAiSettings.API_KEY.name()
              + " has no quota left at "
              + server
              + " (HTTP 429: "
              + said
              + "); add credit to it or use another key");
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
    if (transientStatus(status)) {
      return retry(response, said);
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
    return ModelException.of(
        ModelException.Kind.UNAVAILABLE,
        server
            + " could not list its models (HTTP "
            + status
            + ": "
            + scrub(error.message())
            + ")");
  }

  /** Whether the answer to a model list is worth another attempt. */
  static boolean transientList(ModelHttp.Answer response) {
    int status = response.status();
    return status >= 500 || status == 408 || status == 429;
  }

  /**
   * Whether an answer's status is worth another attempt: a rate limit (429, a spent quota aside), a
   * timeout (408), a conflict (409) or a failing server (5xx).
   */
  static boolean transientStatus(int status) {
    return status >= 500 || status == 408 || status == 409 || status == 429;
  }

  /**
   * The retry of an answer with a {@link #transientStatus}, after the pause the server asked for.
   */
  static TransientFailure retry(ModelHttp.Answer response, String said) {
    int status = response.status();
    return new TransientFailure(
        status == 429 ? TransientFailure.Reason.RATE_LIMITED : TransientFailure.Reason.SERVER_ERROR,
        "HTTP " + status + ": " + said,
        null,
        retryAfter(response).orElse(Duration.ZERO));
  }

  /**
   * The final exception for a 401: the key is missing or refused. The server's own text is not
   * shown, only its code: OpenAI's quotes part of the key.
   */
  ModelException unauthorized(OpenAiError error, ConfigKey keySetting) {
    String key = keySetting.nameAndEnv();
    String label = error.label().isEmpty() ? "" : ": " + error.label();
    return ModelException.of(
        ModelException.Kind.REJECTED,
        apiKey.isEmpty()
            ? server + " wants an API key (HTTP 401" + label + "): set " + key
            : server
                + " refused the API key (HTTP 401"
                + label
                + "): set "
                + key
                + " to a key it accepts");
  }

  private ModelException refusedKey(int status, OpenAiError error) {
    if (status == 401) {
      return unauthorized(error, OpenAiSettings.API_KEY);
    }
    return ModelException.of(
        ModelException.Kind.REJECTED,
        server
            + " refused the API key access (HTTP 403: "
            + scrub(error.message())
            + "): give the key in "
            + OpenAiSettings.API_KEY.nameAndEnv()
            + " access to the models, or use another key");
  }

  /**
   * The final exception for a 404 about the model.
   *
   * @param model the model as the message names it ({@code model llama3.2})
   * @param modelKey the setting that names it
   * @param which the models to set it to ({@code it serves})
   */
  ModelException notServed(String model, String said, ConfigKey modelKey, String which) {
    return ModelException.of(
        ModelException.Kind.MODEL_NOT_FOUND,
        model
            + " is not served at "
            + server
            + " (HTTP 404: "
            + said
            + "); set "
            + modelKey.nameAndEnv()
            + " to a model "
            + which);
  }

  private ModelException noApi(int status, String said) {
    return ModelException.of(
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
            + "); it usually ends in /v1");
  }

  private ModelException rejected(String model, int status, String said, String hint) {
    return ModelException.of(
        ModelException.Kind.REJECTED,
        server
            + " rejected the request for model "
            + model
            + ": HTTP "
            + status
            + ": "
            + said
            + hint);
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
