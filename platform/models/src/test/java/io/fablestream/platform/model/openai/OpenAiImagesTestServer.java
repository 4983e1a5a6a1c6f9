package io.fablestream.platform.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fablestream.platform.model.image.Drawing;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.platform.model.image.ImageTestServer;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on the loopback that answers as the OpenAI images API does (OpenAI, LocalAI,
 * stable-diffusion.cpp's server), for tests: {@code POST /v1/images/generations} answering {@code
 * {"created", "data": [{"b64_json"}]}} or, with {@code "response_format": "url"} (or {@link
 * #answerWithLinks}), {@code {"data": [{"url"}]}} pointing at the picture under {@code /files/},
 * and {@code GET /v1/models} listing the models it serves ({@code {"object": "list", "data":
 * [{"id", "object", "created", "owned_by"}]}}), with the API's errors {@code {"error": {"message",
 * "type", "param", "code"}}}: 400 for a missing prompt, a size that is not WIDTHxHEIGHT, {@code n}
 * other than 1, a {@code content_policy_violation} ({@link #refuseNext}); 401 for a missing or
 * wrong key; 404 {@code model_not_found} for a model it does not serve. The model {@link
 * #GPT_IMAGE_1} refuses {@code response_format} (400 {@code unknown_parameter}) as OpenAI's does,
 * and always answers base64.
 */
public final class OpenAiImagesTestServer extends ImageTestServer {
  /** The model that refuses {@code response_format}. */
  public static final String GPT_IMAGE_1 = "gpt-image-1";

  /** OpenAI's words for a prompt its safety system refuses. */
  public static final String CONTENT_POLICY =
      "Your request was rejected as a result of our safety system. Your prompt may contain text"
          + " that is not allowed by our safety system.";

  /** The one model stable-diffusion.cpp's sd-server lists. */
  public static final String SD_CPP_LOCAL = "sd-cpp-local";

  private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

  private final Set<String> models = ConcurrentHashMap.newKeySet();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicLong fileIds = new AtomicLong();
  private volatile String apiKey;
  private volatile String ownedBy = "system";
  private volatile boolean links;

  private OpenAiImagesTestServer() {
    super("OpenAI images test server", IllustrationSettings.Provider.OPENAI, "/v1");
  }

  /** Starts a server on a free loopback port serving these models, the first its default. */
  public static OpenAiImagesTestServer start(String... served) {
    OpenAiImagesTestServer server = new OpenAiImagesTestServer();
    server.models.addAll(served.length == 0 ? Set.of("dall-e-2") : Set.of(served));
    return server;
  }

  /** Every request must carry {@code Authorization: Bearer key}. */
  public OpenAiImagesTestServer requireApiKey(String key) {
    this.apiKey = key;
    return this;
  }

  /**
   * The {@code owned_by} of the listed models ({@code system} unless set, as OpenAI's image
   * models): {@code llamacpp} plays llama-server, which draws with its one model whatever name a
   * call gives.
   */
  public OpenAiImagesTestServer ownedBy(String owner) {
    this.ownedBy = owner;
    return this;
  }

  /**
   * Plays stable-diffusion.cpp's sd-server: it lists one model, {@code sd-cpp-local}, and draws
   * with the model it was started with whatever name a call gives.
   */
  public OpenAiImagesTestServer asStableDiffusionCpp() {
    models.clear();
    models.add(SD_CPP_LOCAL);
    this.ownedBy = "local";
    return this;
  }

  /** Answers with a link to the picture whatever the request asks, as some proxies do. */
  public OpenAiImagesTestServer answerWithLinks() {
    this.links = true;
    return this;
  }

  /** The next n drawings get 400 {@code content_policy_violation}, as OpenAI's safety system. */
  public OpenAiImagesTestServer refuseNext(int n) {
    failNext(n, 400, CONTENT_POLICY, "content_policy_violation");
    return this;
  }

  @Override
  protected Drawing read(HttpExchange exchange, String method, String path, JsonNode body)
      throws Refusal, IOException {
    if ("GET".equals(method) && path.startsWith("/files/")) {
      byte[] file = files.get(path.substring("/files/".length()));
      if (file == null) {
        throw new Refusal(404, "File not found", null);
      }
      sendBytes(exchange, "image/png", file);
      return null;
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String key = apiKey;
    if (key != null && !("Bearer " + key).equals(auth)) {
      throw new Refusal(
          401,
          auth == null
              ? "You didn't provide an API key. You need to provide your API key in an"
                  + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
              : "Incorrect API key provided: "
                  + auth.substring(Math.min(auth.length(), 7), Math.min(auth.length(), 10))
                  + "****.",
          auth == null ? null : "invalid_api_key");
    }
    if ("GET".equals(method) && path.equals("/v1/models")) {
      send(exchange, 200, OpenAiWire.modelList(models, ownedBy));
      return null;
    }
    if (!"POST".equals(method) || !path.equals("/v1/images/generations")) {
      throw new Refusal(404, "Invalid URL (" + method + " " + path + ")", null);
    }
    if (body == null || !body.isObject()) {
      throw new Refusal(
          400,
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't"
              + " using your HTTP library correctly. The OpenAI API expects a JSON payload, but"
              + " what was sent was not valid JSON.)",
          null);
    }
    if (!body.path("prompt").isTextual()) {
      throw new Refusal(400, "Missing required parameter: 'prompt'.", "missing_required_parameter");
    }
    String model = body.path("model").asText(null);
    String drawnBy = model == null ? models.iterator().next() : model;
    if (!models.contains(drawnBy) && !drawsAnyName()) {
      throw new Refusal(
          404,
          "The model `" + drawnBy + "` does not exist or you do not have access to it.",
          "model_not_found");
    }
    if (GPT_IMAGE_1.equals(drawnBy) && body.has("response_format")) {
      throw new Refusal(400, "Unknown parameter: 'response_format'.", "unknown_parameter");
    }
    if (body.has("n") && body.path("n").asInt(0) != 1) {
      throw new Refusal(400, "Invalid 'n': this server draws 1 picture a request.", null);
    }
    String size = body.path("size").asText("1024x1024");
    Matcher m = SIZE.matcher(size);
    if (!m.matches()) {
      throw new Refusal(
          400,
          "Invalid value: '" + size + "'. Supported values are: WIDTHxHEIGHT.",
          "invalid_value");
    }
    int width = Integer.parseInt(m.group(1));
    int height = Integer.parseInt(m.group(2));
    if (width < 64 || height < 64 || width > 2048 || height > 2048) {
      throw new Refusal(400, "Invalid size '" + size + "': each side 64 to 2048.", "invalid_value");
    }
    return new Drawing(
        path, body.get("prompt").asText(), null, width, height, model, false, auth, body);
  }

  /** Whether the server draws with its one model whatever name a call gives. */
  private boolean drawsAnyName() {
    return models.size() == 1 && ("llamacpp".equals(ownedBy) || models.contains(SD_CPP_LOCAL));
  }

  @Override
  protected String answer(Drawing drawing, byte[] picture) {
    ObjectNode root = JSON.createObjectNode();
    root.put("created", System.currentTimeMillis() / 1000);
    ObjectNode first = root.putArray("data").addObject();
    if (links || "url".equals(drawing.body().path("response_format").asText())) {
      String id = "img-" + fileIds.incrementAndGet() + ".png";
      files.put(id, picture);
      first.put("url", uri("/files/" + id).toString());
    } else {
      first.put("b64_json", Base64.getEncoder().encodeToString(picture));
    }
    first.put("revised_prompt", drawing.prompt());
    return root.toString();
  }

  @Override
  protected String errorBody(StatusFault fault) {
    return OpenAiWire.error(
        fault.message(),
        fault.status() >= 500 ? "server_error" : "invalid_request_error",
        null,
        fault.code());
  }

  @Override
  protected Refusal serverError() {
    return new Refusal(
        500, "The server had an error while processing your request. Sorry about that!", null);
  }
}
