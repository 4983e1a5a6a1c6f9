package io.fablestream.platform.model.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.http.ModelHttp;
import io.fablestream.platform.model.http.RetriedCalls;
import io.fablestream.platform.model.http.ServerText;
import io.fablestream.platform.model.http.TransientFailure;
import io.fablestream.platform.retry.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The image gateway on the Automatic1111 API: Automatic1111's webui started with {@code --api},
 * Forge, SD.Next, stable-diffusion.cpp's server.
 *
 * <p>A call is {@code POST /sdapi/v1/txt2img} with the prompt, a fixed negative prompt, the
 * request's seed (so a retry draws the same picture), the size, {@link #STEPS} steps at {@link
 * #CFG_SCALE}, and {@code override_settings.sd_model_checkpoint} when a model is set (restored
 * after the call, as the API does by default). With a reference picture it is {@code POST
 * /sdapi/v1/img2img} with the picture as {@code init_images} and {@link #DENOISING_STRENGTH}: the
 * person's picture then shapes the composition while the prompt keeps the story's scene. The answer
 * is {@code {"images": [base64], "parameters": {...}, "info": "<JSON>"}}; the model that drew is
 * read from the info's {@code sd_model_name}. {@link #requireConfiguredModel} checks at start that
 * the server has the configured checkpoint ({@code GET /sdapi/v1/sd-models}).
 *
 * <p>Failures as FastAPI and the webui answer them: {@code {"detail": ...}} for 404 (the webui
 * started without {@code --api}, or a checkpoint the server does not know) and 422 (a field it
 * refuses), {@code {"error", "detail", "body", "errors"}} for an exception (500, retried, as an out
 * of memory may pass). A key of the form {@code user:password} is sent as Basic auth (the webui's
 * {@code --api-auth}); another key as a Bearer token (a proxy's). Thread-safe.
 */
public final class Automatic1111ImageGateway implements ImageGateway {
  /** The webui's list of checkpoints. */
  static final String SD_MODELS = "/sdapi/v1/sd-models";

  /** Sampling steps: the webui's own default. */
  static final int STEPS = 20;

  /** How closely the picture follows the prompt: the webui's own default. */
  static final double CFG_SCALE = 7.0;

  /** How far image-to-image may move from the reference: enough to draw the chapter's scene. */
  static final double DENOISING_STRENGTH = 0.7;

  /** What a storybook illustration should not have. */
  static final String NEGATIVE_PROMPT =
      "text, letters, watermark, signature, frame, blurry, deformed hands, extra limbs";

  private final IllustrationSettings settings;
  private final String server;
  private final ModelHttp http;
  private final RetriedCalls calls;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * A gateway to the image server of the settings.
   *
   * @param backoff the retries of a transient failure
   * @param registry where the retry counter goes; null for none
   */
  public Automatic1111ImageGateway(
      IllustrationSettings settings, Backoff backoff, MeterRegistry registry) {
    this.settings = settings;
    this.server = ModelHttp.display(settings.baseUrl());
    this.http = settings.client(authorization(settings.apiKey()));
    this.calls = new RetriedCalls(server, backoff, registry);
  }

  private static Map<String, String> authorization(String key) {
    if (key.contains(":")) {
      return Map.of(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
    }
    return ModelHttp.bearer(key);
  }

  /**
   * Checks that the server answers its API and has the checkpoint {@code illustrations.model}
   * names, so a process can fail at start with the fix: the webui draws a checkpoint it does not
   * know with its loaded one, without a word (see {@link Automatic1111Checkpoint}). With no model
   * set, the server must list a checkpoint at all.
   *
   * @throws ModelException {@code MODEL_NOT_FOUND} naming the setting and the checkpoints the
   *     server has; {@code REJECTED} for refused credentials or a URL with no API behind it (the
   *     webui started without {@code --api}); {@code UNAVAILABLE} when the server cannot be reached
   */
  public void requireConfiguredModel() {
    List<Automatic1111Checkpoint> listed = checkpoints();
    if (listed.isEmpty()) {
      throw ModelException.of(
          ModelException.Kind.MODEL_NOT_FOUND,
          server
              + " has no checkpoint to draw with ("
              + SD_MODELS
              + " lists none): put one in the webui's models/Stable-diffusion folder and restart"
              + " it");
    }
    String model = settings.model();
    if (model.isEmpty() || listed.stream().anyMatch(checkpoint -> checkpoint.answersTo(model))) {
      return;
    }
    throw ImageModelCheck.notServed(
        model,
        server,
        listed.stream().map(Automatic1111Checkpoint::shown).toList(),
        ", which would draw with its loaded checkpoint instead");
  }

  /** The checkpoints the server has, from {@code GET /sdapi/v1/sd-models}. */
  public List<Automatic1111Checkpoint> checkpoints() {
    return calls.run(
        "(list)",
        attempt -> {
          ModelHttp.Answer response = http.get(SD_MODELS);
          if (response.status() != 200) {
            throw failure(null, SD_MODELS, response);
          }
          JsonNode list;
          try {
            list = json.readTree(response.body());
          } catch (IOException e) {
            list = null;
          }
          if (list == null || !list.isArray()) {
            throw new TransientFailure(
                TransientFailure.Reason.MALFORMED,
                server
                    + " answered "
                    + SD_MODELS
                    + " with no list: "
                    + ServerText.body(response.body()),
                null);
          }
          return Automatic1111Checkpoint.of(list);
        },
        exhausted ->
            ImageModelCheck.unreachable(
                "Automatic1111 API",
                server,
                exhausted,
                exhausted.last().getMessage(),
                "start the webui with its API (./webui.sh --api)"));
  }

  @Override
  public DrawnImage draw(DrawRequest request) {
    String model = settings.model().isEmpty() ? "(the server's)" : settings.model();
    String path = request.reference() == null ? "/sdapi/v1/txt2img" : "/sdapi/v1/img2img";
    String body = body(request);
    return calls.run(
        model,
        attempt -> {
          long start = System.nanoTime();
          ModelHttp.Answer response = http.post(path, body);
          if (response.status() != 200) {
            throw failure(model, path, response);
          }
          return picture(response.body(), start, attempt);
        },
        exhausted -> exhausted.unavailable(server, model, exhausted.last().getMessage()));
  }

  private String body(DrawRequest request) {
    ObjectNode body = json.createObjectNode();
    body.put("prompt", request.prompt());
    body.put("negative_prompt", NEGATIVE_PROMPT);
    body.put("seed", request.seed());
    body.put("width", request.width());
    body.put("height", request.height());
    body.put("steps", STEPS);
    body.put("cfg_scale", CFG_SCALE);
    body.put("batch_size", 1);
    body.put("n_iter", 1);
    body.put("send_images", true);
    body.put("save_images", false);
    if (!settings.model().isEmpty()) {
      body.putObject("override_settings").put("sd_model_checkpoint", settings.model());
    }
    if (request.reference() != null) {
      body.putArray("init_images").add(Base64.getEncoder().encodeToString(request.reference()));
      body.put("denoising_strength", DENOISING_STRENGTH);
    }
    return body.toString();
  }

  private DrawnImage picture(String body, long start, int attempt) throws TransientFailure {
    JsonNode answer;
    try {
      answer = json.readTree(body);
    } catch (IOException e) {
      throw new TransientFailure(
          TransientFailure.Reason.MALFORMED,
          server + " answered with a body that is not the API's JSON: " + ServerText.cut(body),
          e);
    }
    JsonNode image = answer == null ? null : answer.path("images").path(0);
    if (image == null || !image.isTextual()) {
      throw new TransientFailure(
          TransientFailure.Reason.MALFORMED,
          server + " answered with no picture (no images[0]): " + ServerText.cut(body),
          null);
    }
    return DrawnBytes.checked(
        DrawnBytes.base64(image.asText(), server), server, drawnBy(answer), start, attempt);
  }

  /** The model the info names, else the one asked for, else null. */
  private String drawnBy(JsonNode answer) {
    JsonNode info = answer.path("info");
    if (info.isTextual()) {
      try {
        JsonNode read = json.readTree(info.asText());
        if (read != null && read.hasNonNull("sd_model_name")) {
          return read.get("sd_model_name").asText();
        }
      } catch (IOException e) {
        // An info that is not JSON (an older fork) names no model.
      }
    }
    return settings.model().isEmpty() ? null : settings.model();
  }

  /**
   * The retry a non-200 answer is worth; a final one is thrown as a {@link ModelException}.
   *
   * @param model the model a drawing asked for, or null for the list of checkpoints
   */
  private TransientFailure failure(String model, String path, ModelHttp.Answer response) {
    int status = response.status();
    String said = said(response.body());
    if (status == 401 || status == 403) {
      throw rejected(
          server
              + " refused the credentials (HTTP "
              + status
              + ": "
              + said
              + "): set "
              + IllustrationSettings.API_KEY.name()
              + " to the webui's --api-auth user:password");
    }
    if (status == 404) {
      if (model != null && mentionsModel(said)) {
        throw ModelException.of(
            ModelException.Kind.MODEL_NOT_FOUND,
            "image model "
                + model
                + " is not on "
                + server
                + " (HTTP 404: "
                + said
                + "); set "
                + IllustrationSettings.MODEL.name()
                + " to a checkpoint /sdapi/v1/sd-models lists");
      }
      throw rejected(
          "no Automatic1111 API at "
              + server
              + path
              + " (HTTP 404: "
              + said
              + "): start the webui with --api, or check "
              + IllustrationSettings.URL.name());
    }
    if (status >= 500 || status == 408 || status == 429) {
      return new TransientFailure(
          status == 429
              ? TransientFailure.Reason.RATE_LIMITED
              : TransientFailure.Reason.SERVER_ERROR,
          "HTTP " + status + ": " + said,
          null);
    }
    throw rejected(
        server
            + (model == null
                ? " refused to list its checkpoints"
                : " refused to draw with model " + model)
            + ": HTTP "
            + status
            + ": "
            + said);
  }

  /**
   * The words of an error body: FastAPI's {@code detail} (a text, or the list of a 422's {@code
   * loc}/{@code msg}), the webui's {@code error: errors}, else the body's start.
   */
  private String said(String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.isObject()) {
        JsonNode detail = node.path("detail");
        if (node.hasNonNull("error")) {
          String errors = node.path("errors").asText("");
          String shown =
              detail.isTextual() && !detail.asText().isEmpty() ? detail.asText() : errors;
          return ServerText.cut(node.get("error").asText() + (shown.isEmpty() ? "" : ": " + shown));
        }
        if (detail.isTextual()) {
          return ServerText.cut(detail.asText());
        }
        if (detail.isArray()) {
          List<String> parts = new ArrayList<>();
          for (JsonNode item : detail) {
            List<String> loc = new ArrayList<>();
            item.path("loc").forEach(l -> loc.add(l.asText()));
            parts.add(String.join(".", loc) + ": " + item.path("msg").asText());
          }
          return ServerText.cut(String.join("; ", parts));
        }
      }
    } catch (IOException e) {
      // Not JSON (a proxy's page): its start below.
    }
    return ServerText.body(body);
  }

  private static boolean mentionsModel(String said) {
    String lower = said.toLowerCase(Locale.ROOT);
    return lower.contains("model") || lower.contains("checkpoint");
  }

  private static ModelException rejected(String message) {
    return ModelException.of(ModelException.Kind.REJECTED, message);
  }
}
