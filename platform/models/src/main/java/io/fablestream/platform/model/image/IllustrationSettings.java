package io.fablestream.platform.model.image;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.model.http.ModelHttp;
import io.fablestream.platform.retry.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Whether chapters are illustrated, and by which image model server. Read and checked whether or
 * not illustrations are on, so a wrong value stops a process at start.
 *
 * @param enabled whether every chapter gets an illustration
 * @param provider the API the image server speaks
 * @param baseUrl the server's base URL, no trailing slash ({@code http://localhost:7860} for
 *     Automatic1111, {@code http://localhost:8080/v1} for an OpenAI images API)
 * @param model the image model to ask for, or empty for the server's own
 * @param width the pictures' width in pixels
 * @param height the pictures' height in pixels
 * @param apiKey the bearer token, or empty; never logged or shown
 * @param style the visual style every prompt carries
 * @param requestTimeout the bound on one drawing's exchange (a picture fetched from a link
 *     included); retries follow {@code model.retries}
 */
public record IllustrationSettings(
    boolean enabled,
    Provider provider,
    URI baseUrl,
    String model,
    int width,
    int height,
    String apiKey,
    String style,
    Duration requestTimeout) {

  /** The APIs an image server may speak. */
  public enum Provider {
    /**
     * The OpenAI images API ({@code POST /images/generations}): OpenAI, LocalAI,
     * stable-diffusion.cpp's server, Ollama's image models.
     */
    OPENAI,
    /**
     * The Automatic1111 API ({@code POST /sdapi/v1/txt2img}): Automatic1111, Forge, SD.Next,
     * stable-diffusion.cpp.
     */
    AUTOMATIC1111
  }

  public static final ConfigKey ENABLED =
      new ConfigKey(
          "illustrations.enabled",
          "false",
          "true draws one illustration per chapter on the image server of illustrations.url; a"
              + " failed drawing leaves its chapter without one (and a reason code), never fails"
              + " the book.");
  public static final ConfigKey PROVIDER =
      new ConfigKey(
          "illustrations.provider",
          "automatic1111",
          "The API the image server speaks: automatic1111 (POST /sdapi/v1/txt2img: Automatic1111,"
              + " Forge, SD.Next, stable-diffusion.cpp) or openai (POST /images/generations:"
              + " OpenAI, LocalAI, stable-diffusion.cpp's server).");
  public static final ConfigKey URL =
      new ConfigKey(
          "illustrations.url",
          "http://localhost:7860",
          "The image server's base URL: http://localhost:7860 for Automatic1111,"
              + " http://localhost:8080/v1 for an OpenAI images API (/v1 included).");
  public static final ConfigKey MODEL =
      new ConfigKey(
          "illustrations.model",
          "",
          "The image model to ask for (dall-e-3, a checkpoint's name); empty leaves the server's"
              + " own.");
  public static final ConfigKey SIZE =
      new ConfigKey(
          "illustrations.size",
          "512x512",
          "The illustrations' size in pixels, WIDTHxHEIGHT, each 64 to 2048.");
  public static final ConfigKey API_KEY =
      new ConfigKey(
          "illustrations.api.key",
          "",
          "The image server's API key, sent as Authorization: Bearer KEY (user:password, as"
              + " Automatic1111's --api-auth takes it, is sent as Basic auth); empty takes"
              + " OPENAI_API_KEY where the provider is openai, and sends none otherwise. Never"
              + " logged.");
  public static final ConfigKey STYLE =
      new ConfigKey(
          "illustrations.style",
          "a watercolour storybook illustration, soft light",
          "The visual style every illustration's prompt carries.");

  public static final ConfigKey TIMEOUT =
      new ConfigKey(
          "illustrations.timeout",
          "180s",
          "The longest one drawing may take before it is retried (model.retries): seconds on a"
              + " GPU, minutes on a CPU.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS =
      List.of(ENABLED, PROVIDER, URL, MODEL, SIZE, API_KEY, STYLE, TIMEOUT);

  public IllustrationSettings {
    Objects.requireNonNull(provider);
    Objects.requireNonNull(baseUrl);
    Objects.requireNonNull(model);
    Objects.requireNonNull(apiKey);
    Objects.requireNonNull(style);
    Objects.requireNonNull(requestTimeout);
  }

  /**
   * The longest one drawing may take, retries included: every attempt at twice the timeout (the
   * OpenAI images API may answer with a link, fetched within a timeout of its own), every pause at
   * its longest (a server's Retry-After may stretch it), and one more attempt for a server that
   * refuses {@code response_format} (once per gateway).
   *
   * @param backoff the retries the gateway makes
   */
  public Duration callBound(Backoff backoff) {
    return backoff.worstCase(requestTimeout.multipliedBy(2), true).plus(requestTimeout);
  }

  /**
   * The HTTP client of the image server: its base URL, the bound on one drawing's exchange, and
   * these headers (made from {@link #apiKey}) on every request.
   */
  public ModelHttp client(Map<String, String> headers) {
    return new ModelHttp(baseUrl, "the image server", requestTimeout, headers, API_KEY.name());
  }

  /** Reads and validates the settings; {@code OPENAI_API_KEY} comes from the environment. */
  public static IllustrationSettings from(Config config) {
    return from(config, System.getenv("OPENAI_API_KEY"));
  }

  /** Reads and validates the settings, with the environment's OpenAI key given. */
  static IllustrationSettings from(Config config, String openAiKeyFromEnvironment) {
    Provider provider =
        Provider.valueOf(
            config.choice(PROVIDER, "automatic1111", "openai").toUpperCase(Locale.ROOT));
    String base = config.httpUri(URL).toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String size = config.string(SIZE).strip().toLowerCase(Locale.ROOT);
    String[] sides = size.split("x", -1);
    int width = side(sides, 0, size);
    int height = side(sides, 1, size);
    String key = config.string(API_KEY).strip();
    if (key.isEmpty() && provider == Provider.OPENAI && openAiKeyFromEnvironment != null) {
      key = openAiKeyFromEnvironment.strip();
    }
    return new IllustrationSettings(
        config.bool(ENABLED),
        provider,
        URI.create(base),
        config.string(MODEL).strip(),
        width,
        height,
        key,
        config.string(STYLE).strip(),
        config.duration(TIMEOUT));
  }

  private static int side(String[] sides, int index, String size) {
    try {
      if (sides.length == 2) {
        int value = Integer.parseInt(sides[index].strip());
        if (value >= 64 && value <= 2048) {
          return value;
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal below
    }
    throw new ConfigException(
        SIZE.name() + " must be WIDTHxHEIGHT, each 64 to 2048 (for example 512x512), not: " + size);
  }

  @Override
  public String toString() {
    // The key is a credential: say only whether there is one.
    return "IllustrationSettings[enabled="
        + enabled
        + ", provider="
        + provider
        + ", baseUrl="
        + baseUrl
        + ", model="
        + model
        + ", size="
        + width
        + "x"
        + height
        + ", apiKey="
        + (apiKey.isEmpty() ? "(none)" : "(set)")
        + ", style="
        + style
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }
}
