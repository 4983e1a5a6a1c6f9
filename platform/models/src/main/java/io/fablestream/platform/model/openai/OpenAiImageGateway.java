package io.fablestream.platform.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.http.ModelHttp;
import io.fablestream.platform.model.http.RetriedCalls;
import io.fablestream.platform.model.http.ServerText;
import io.fablestream.platform.model.http.TransientFailure;
import io.fablestream.platform.model.image.DrawRequest;
import io.fablestream.platform.model.image.DrawnBytes;
import io.fablestream.platform.model.image.DrawnImage;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.platform.model.image.ImageGateway;
import io.fablestream.platform.model.image.ImageModelCheck;
import io.fablestream.platform.retry.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image gateway on the OpenAI images API, {@code POST {url}/images/generations}: OpenAI,
 * LocalAI, stable-diffusion.cpp's server, Ollama's image models.
 *
 * <p>A call asks for one picture ({@code n: 1}) of the settings' size, the model when one is set,
 * and {@code response_format: "b64_json"}. gpt-image-1 refuses that parameter (it always answers
 * base64): the refusal is met by asking again at once without it, and this gateway asks so from
 * then on. An answer with a {@code url} instead is fetched, bounded to {@link #MAX_PICTURE_BYTES}
 * and the same timeout, without the key (the link may be a CDN's). The API takes no seed and no
 * reference picture on this endpoint: both are left out ({@code /images/edits} takes a picture, but
 * as a multipart upload that only some servers serve).
 *
 * <p>Failures: 401 and 403 name the key setting; 404 about the model is {@code MODEL_NOT_FOUND},
 * another 404 a base URL with no images API; 429 is retried after the server's Retry-After (a spent
 * quota is final); 5xx, 408, 409, timeouts, a body that is not the API's JSON and an answer that is
 * not a picture are retried; other 4xx (a {@code content_policy_violation}, a size the model does
 * not draw) are final, {@code REJECTED}. {@link #requireConfiguredModel} checks at start that the
 * server serves the configured model ({@code GET {url}/models}). Thread-safe.
 */
public final class OpenAiImageGateway implements ImageGateway {
  /** The most bytes a picture fetched from a link may have. */
  public static final long MAX_PICTURE_BYTES = 32L << 20;

  /** The one model stable-diffusion.cpp's sd-server lists, whatever it was started with. */
  static final String STABLE_DIFFUSION_CPP = "sd-cpp-local";

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiImageGateway.class);

  private final IllustrationSettings settings;
  private final String server;
  private final ModelHttp http;
  private final RetriedCalls calls;
  private final OpenAiErrors errors;
  private final ObjectMapper json = new ObjectMapper();
  private volatile boolean refusesResponseFormat;

  /**
   * A gateway to the image server of the settings.
   *
   * @param backoff the retries of a transient failure
   * @param registry where the retry counter goes; null for none
   */
  public OpenAiImageGateway(
      IllustrationSettings settings, Backoff backoff, MeterRegistry registry) {
    this.settings = settings;
    this.server = ModelHttp.display(settings.baseUrl());
    this.http = settings.client(ModelHttp.bearer(settings.apiKey()));
    this.calls = new RetriedCalls(server, backoff, registry);
    this.errors = new OpenAiErrors(server, settings.apiKey());
  }

  /**
   * Checks that the server answers, takes the key, and serves the model {@code illustrations.model}
   * names, so a process can fail at start with the fix rather than with every chapter's
   * illustration. As the text gateway's check does, a server that lists one model and draws with it
   * whatever name a call gives passes: llama-server's ({@code owned_by: llamacpp}) and
   * stable-diffusion.cpp's sd-server ({@code sd-cpp-local}). With no model set, the server's own
   * draws and only the server and the key are checked.
   *
   * @throws ModelException {@code MODEL_NOT_FOUND} naming the setting and the models the server
   *     serves; {@code REJECTED} for a refused key or a base URL with no API behind it; {@code
   *     UNAVAILABLE} when the server cannot be reached
   */
  public void requireConfiguredModel() {
    List<OpenAiModelGateway.ServedModel> served = servedModels();
    String model = settings.model();
    List<String> ids = served.stream().map(OpenAiModelGateway.ServedModel::id).toList();
    if (model.isEmpty() || ids.contains(model) || drawsAnyName(served)) {
      return;
    }
    throw ImageModelCheck.notServed(model, server, ids, "");
  }

  /** Whether the listing is a one-model server's that draws whatever model a call names. */
  private static boolean drawsAnyName(List<OpenAiModelGateway.ServedModel> served) {
    return OpenAiModelGateway.ServedModel.answersAnyName(served)
        || (served.size() == 1 && STABLE_DIFFUSION_CPP.equals(served.get(0).id()));
  }

  /** The models the server serves, from {@code GET /models}. */
  private List<OpenAiModelGateway.ServedModel> servedModels() {
    return calls.run(
        "(list)",
        attempt -> {
          ModelHttp.Answer response = http.get("/models");
          if (response.status() != 200) {
            throw failure(null, response);
          }
          return OpenAiAnswers.models(json, response.body());
        },
        exhausted ->
            ImageModelCheck.unreachable(
                "OpenAI images API",
                server,
                exhausted,
                errors.scrub(exhausted.last().getMessage()),
                "start the image server"));
  }

  @Override
  public DrawnImage draw(DrawRequest request) {
    String model = settings.model().isEmpty() ? "(the server's)" : settings.model();
    return calls.run(
        model,
        attempt -> {
          long start = System.nanoTime();
          boolean askFormat = !refusesResponseFormat;
          ModelHttp.Answer response = http.post("/images/generations", body(request, askFormat));
          if (askFormat && refusesResponseFormat(response)) {
            LOG.info(
                "{} refuses response_format for model {}; asking without it from now on",
                server,
                model);
            refusesResponseFormat = true;
            response = http.post("/images/generations", body(request, false));
          }
          if (response.status() != 200) {
            throw failure(model, response);
          }
          return picture(response.body(), start, attempt);
        },
        exhausted ->
            exhausted.unavailable(server, model, errors.scrub(exhausted.last().getMessage())));
  }

  private String body(DrawRequest request, boolean askFormat) {
    ObjectNode body = json.createObjectNode();
    if (!settings.model().isEmpty()) {
      body.put("model", settings.model());
    }
    body.put("prompt", request.prompt());
    body.put("n", 1);
    body.put("size", request.width() + "x" + request.height());
    if (askFormat) {
      body.put("response_format", "b64_json");
    }
    return body.toString();
  }

  private DrawnImage picture(String body, long start, int attempt)
      throws TransientFailure, InterruptedException {
    JsonNode first;
    try {
      first = json.readTree(body).path("data").path(0);
    } catch (IOException e) {
      throw new TransientFailure(
          TransientFailure.Reason.MALFORMED,
          server
              + " answered with a body that is not the images API's JSON: "
              + ServerText.cut(body),
          e);
    }
    String model = settings.model().isEmpty() ? null : settings.model();
    if (first.hasNonNull("b64_json")) {
      return DrawnBytes.checked(
          DrawnBytes.base64(first.get("b64_json").asText(), server), server, model, start, attempt);
    }
    if (first.hasNonNull("url")) {
      URI url;
      try {
        url = URI.create(first.get("url").asText());
      } catch (IllegalArgumentException e) {
        throw new TransientFailure(
            TransientFailure.Reason.MALFORMED, server + " answered with a link that is no URL", e);
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new TransientFailure(
            TransientFailure.Reason.MALFORMED,
            server + " answered with a link that is not http(s): " + url.getScheme(),
            null);
      }
      ModelHttp.Fetched fetched = http.fetch(url, MAX_PICTURE_BYTES);
      if (fetched.status() != 200) {
        throw new TransientFailure(
            TransientFailure.Reason.SERVER_ERROR,
            "the picture at " + ModelHttp.display(url) + " answered HTTP " + fetched.status(),
            null);
      }
      return DrawnBytes.checked(fetched.body(), server, model, start, attempt);
    }
    throw new TransientFailure(
        TransientFailure.Reason.MALFORMED,
        server + " answered with no picture (no data[0].b64_json or url): " + ServerText.cut(body),
        null);
  }

  /**
   * Whether the server refuses {@code response_format}, as gpt-image-1 does (400 "Unknown
   * parameter: 'response_format'."), or refuses its value.
   */
  private static boolean refusesResponseFormat(ModelHttp.Answer response) {
    if (response.status() != 400) {
      return false;
    }
    OpenAiError error = OpenAiError.of(response.body());
    return error.mentions("response_format");
  }

  /**
   * The retry a non-200 answer is worth; a final one is thrown as a {@link ModelException}.
   *
   * @param model the model a drawing asked for, or null for the list of models
   */
  private TransientFailure failure(String model, ModelHttp.Answer response) {
    int status = response.status();
    OpenAiError error = OpenAiError.of(response.body());
    String said = errors.scrub(error.message());
    String key = IllustrationSettings.API_KEY.nameAndEnv();
    if (status == 401) {
      throw errors.unauthorized(error, IllustrationSettings.API_KEY);
    }
    if (status == 403) {
      throw rejected(
          server
              + " refused the key access (HTTP 403: "
              + said
              + "): give the key in "
              + key
              + " access to the image model");
    }
    if (status == 404) {
      // OpenAI's 404 for an unknown URL mentions it ("Invalid URL (GET /v1/models)").
      if (model != null && error.mentions("model")) {
        throw errors.notServed(
            "image model " + model, said, IllustrationSettings.MODEL, "it serves");
      }
      throw rejected(
          "no OpenAI images API at "
              + server
              + " (HTTP 404: "
              + said
              + "): check "
              + IllustrationSettings.URL.name()
              + "; it usually ends in /v1");
    }
    if (status == 429
        && error.mentions("insufficient_quota", "exceeded your current quota", "billing")) {
      throw rejected(
          "the account of the key in "
              + key
              + " has no quota left at "
              + server
              + " (HTTP 429: "
              + said
              + ")");
    }
    if (OpenAiErrors.transientStatus(status)) {
      return OpenAiErrors.retry(response, said);
    }
    String why = error.code().isEmpty() ? "" : " (" + error.code() + ")";
    throw rejected(
        server
            + (model == null
                ? " refused to list its models"
                : " refused to draw with model " + model)
            + why
            + ": HTTP "
            + status
            + ": "
            + said);
  }

  private static ModelException rejected(String message) {
    return ModelException.of(ModelException.Kind.REJECTED, message);
  }
}
