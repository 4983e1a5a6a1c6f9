package io.fablestream.platform.model.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An HTTP server on the loopback that answers as Automatic1111's webui started with {@code --api}
 * does (Forge and SD.Next answer alike), for tests: {@code POST /sdapi/v1/txt2img} and {@code POST
 * /sdapi/v1/img2img} answering {@code {"images": [base64 PNG], "parameters": {...}, "info": "<JSON
 * string>"}}, and {@code GET /sdapi/v1/sd-models} listing each checkpoint as a file {@code
 * NAME.safetensors} ({@code title}, {@code model_name}, {@code hash}, {@code sha256}, {@code
 * filename}, {@code config}). Its errors are FastAPI's and the webui's: {@code {"detail": "Not
 * Found"}} 404 for an unknown URL, {@code {"detail": [{"loc", "msg", "type"}]}} 422 for a field of
 * the wrong type, {@code {"detail": "Init image not found"}} 404 for an img2img without a picture,
 * {@code {"error", "detail", "body", "errors"}} 500 for an exception, and FastAPI's Basic-auth 401s
 * when started with {@code --api-auth}.
 *
 * <p>As the webui does, a seed of -1 draws with a random seed (the info tells which), and a
 * checkpoint it does not have is not an error: it falls back to its first, and the info's {@code
 * sd_model_name} names the one that drew. It takes a checkpoint by any of the names its listing
 * shows, as the webui's {@code checkpoint_aliases} do, and draws any other with its first. Started
 * without {@code --api} ({@link #withoutApi}), it answers every API path 404.
 */
public final class Automatic1111TestServer extends ImageTestServer {
  private final List<String> checkpoints = new CopyOnWriteArrayList<>();
  private volatile String basicAuth;
  private volatile boolean api = true;

  private Automatic1111TestServer() {
    super("Automatic1111 test server", IllustrationSettings.Provider.AUTOMATIC1111, "");
  }

  /** Starts a server on a free loopback port with these checkpoints, the first its default. */
  public static Automatic1111TestServer start(String... checkpoints) {
    Automatic1111TestServer server = new Automatic1111TestServer();
    server.checkpoints.addAll(
        checkpoints.length == 0 ? List.of("v1-5-pruned-emaonly") : List.of(checkpoints));
    return server;
  }

  /** Every request must carry Basic auth of this {@code user:password}, as with --api-auth. */
  public Automatic1111TestServer requireAuth(String userAndPassword) {
    this.basicAuth =
        "Basic "
            + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Answers as the webui started without {@code --api}: every API path is FastAPI's 404. */
  public Automatic1111TestServer withoutApi() {
    this.api = false;
    return this;
  }

  /** The checkpoint's sha256 as the webui lists it: here, the sha256 of its name. */
  public static String sha256(String checkpoint) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(checkpoint.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The checkpoint's short hash: the sha256's first ten digits. */
  public static String shortHash(String checkpoint) {
    return sha256(checkpoint).substring(0, 10);
  }

  /**
   * The checkpoint a name asks for, as the webui's {@code checkpoint_aliases} resolve it (a file
   * {@code NAME.safetensors} in the checkpoint folder): its title {@code NAME.safetensors [HASH]},
   * its file name, its model name and base name {@code NAME}, {@code NAME [HASH]}, the short hash
   * or the sha256; null for any other name.
   */
  private String checkpointOf(String asked) {
    for (String name : checkpoints) {
      String hash = shortHash(name);
      List<String> aliases =
          List.of(
              name,
              name + ".safetensors",
              name + ".safetensors [" + hash + "]",
              name + " [" + hash + "]",
              hash,
              sha256(name));
      if (aliases.contains(asked)) {
        return name;
      }
    }
    return null;
  }

  @Override
  protected Drawing read(HttpExchange exchange, String method, String path, JsonNode body)
      throws Refusal, IOException {
    if (!api) {
      throw new Refusal(404, "Not Found", null);
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (basicAuth != null && path.startsWith("/sdapi/")) {
      if (auth == null || !auth.startsWith("Basic ")) {
        throw new Refusal(401, "Not authenticated", null);
      }
      if (!auth.equals(basicAuth)) {
        throw new Refusal(401, "Incorrect username or password", null);
      }
    }
    if ("GET".equals(method) && path.equals("/sdapi/v1/sd-models")) {
      ArrayNode list = JSON.createArrayNode();
      for (String name : checkpoints) {
        list.addObject()
            .put("title", name + ".safetensors [" + shortHash(name) + "]")
            .put("model_name", name)
            .put("hash", shortHash(name))
            .put("sha256", sha256(name))
            .put(
                "filename",
                "/stable-diffusion-webui/models/Stable-diffusion/" + name + ".safetensors")
            .putNull("config");
      }
      send(exchange, 200, list.toString());
      return null;
    }
    boolean txt2img = path.equals("/sdapi/v1/txt2img");
    boolean img2img = path.equals("/sdapi/v1/img2img");
    if (!"POST".equals(method) || !(txt2img || img2img)) {
      throw new Refusal(404, "Not Found", null);
    }
    if (body == null || !body.isObject()) {
      throw new Refusal(422, "[{\"loc\":[\"body\"],\"msg\":\"field required\"}]", "list");
    }
    String prompt = text(body, "prompt", "");
    long seed = integer(body, "seed", -1);
    int width = (int) integer(body, "width", 512);
    int height = (int) integer(body, "height", 512);
    if (width < 64 || height < 64 || width > 2048 || height > 2048) {
      throw new Refusal(
          500,
          "RuntimeError: width and height must be 64 to 2048, not " + width + "x" + height,
          null);
    }
    boolean reference = body.path("init_images").isArray() && !body.path("init_images").isEmpty();
    if (img2img && !reference) {
      throw new Refusal(404, "Init image not found", null);
    }
    String asked = body.path("override_settings").path("sd_model_checkpoint").asText(null);
    return new Drawing(
        path,
        prompt,
        seed == -1 ? ThreadLocalRandom.current().nextLong(1L << 32) : seed,
        width,
        height,
        asked,
        reference,
        auth,
        body);
  }

  @Override
  protected String answer(Drawing drawing, byte[] picture) {
    String asked = drawing.model() == null ? null : checkpointOf(drawing.model());
    String model = asked != null ? asked : checkpoints.getFirst();
    ObjectNode root = JSON.createObjectNode();
    root.putArray("images").add(Base64.getEncoder().encodeToString(picture));
    ObjectNode parameters = root.putObject("parameters");
    parameters.put("prompt", drawing.prompt());
    parameters.put("seed", drawing.seed());
    parameters.put("width", drawing.width());
    parameters.put("height", drawing.height());
    parameters.put("steps", 20);
    parameters.put("cfg_scale", 7.0);
    parameters.putNull("sampler_name");
    ObjectNode info = JSON.createObjectNode();
    info.put("prompt", drawing.prompt());
    info.putArray("all_prompts").add(drawing.prompt());
    info.put("seed", drawing.seed());
    info.putArray("all_seeds").add(drawing.seed());
    info.put("width", drawing.width());
    info.put("height", drawing.height());
    info.put("sampler_name", "Euler a");
    info.put("sd_model_name", model);
    info.put("sd_model_hash", shortHash(model));
    info.putArray("infotexts").add(drawing.prompt() + "\nSteps: 20, Seed: " + drawing.seed());
    root.put("info", info.toString());
    return root.toString();
  }

  @Override
  protected String errorBody(StatusFault fault) {
    String message = fault.message();
    ObjectNode root = JSON.createObjectNode();
    if (fault.status() == 500 || fault.status() == 503) {
      // The webui's own exception handler.
      int colon = message.indexOf(": ");
      root.put("error", colon > 0 ? message.substring(0, colon) : "RuntimeError");
      root.put("detail", "");
      root.put("body", "");
      root.put("errors", colon > 0 ? message.substring(colon + 2) : message);
    } else if ("list".equals(fault.code())) {
      try {
        root.set("detail", JSON.readTree(message));
      } catch (IOException e) {
        root.put("detail", message);
      }
    } else {
      root.put("detail", message);
    }
    return root.toString();
  }

  @Override
  protected Refusal serverError() {
    return new Refusal(
        500,
        "OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB (GPU 0; 7.79 GiB total"
            + " capacity)",
        null);
  }

  private static String text(JsonNode body, String field, String otherwise) throws Refusal {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isTextual()) {
      throw invalid(field, "str type expected", "type_error.str");
    }
    return value.asText();
  }

  private static long integer(JsonNode body, String field, long otherwise) throws Refusal {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw invalid(field, "value is not a valid integer", "type_error.integer");
    }
    return value.asLong();
  }

  private static Refusal invalid(String field, String msg, String type) {
    ArrayNode detail = JSON.createArrayNode();
    ObjectNode item = detail.addObject();
    item.putArray("loc").add("body").add(field);
    item.put("msg", msg);
    item.put("type", type);
    return new Refusal(422, detail.toString(), "list");
  }
}
