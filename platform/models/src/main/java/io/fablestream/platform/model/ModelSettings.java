package io.fablestream.platform.model;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.retry.Backoff;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Which model server the line asks, which models play each role, and how a call is bounded and
 * retried: the settings that do not depend on the server's API. The server's own settings ride
 * along ({@link #ollama()}, {@link #openAi()}), each read and checked whichever provider is chosen,
 * so a wrong value stops a process at start.
 *
 * @param provider the API the model server speaks
 * @param visionModel the model that reads the picture
 * @param textModel the model that writes chapters and summaries
 * @param judgeModel the model that scores chapters against the mood
 * @param requestTimeout the bound on one attempt of a model call, the answer's body included
 * @param backoff the retries of a transient failure and the pauses between them
 * @param temperatures the sampling temperature of each role that has one set; a role without one
 *     keeps the model's own
 * @param ollama how to reach Ollama ({@code model.provider=ollama})
 * @param openAi how to reach an OpenAI-compatible server ({@code model.provider=openai})
 */
public record ModelSettings(
    Provider provider,
    String visionModel,
    String textModel,
    String judgeModel,
    Duration requestTimeout,
    Backoff backoff,
    Map<ModelRole, Double> temperatures,
    OllamaSettings ollama,
    OpenAiSettings openAi) {

  /** The APIs a model server may speak. */
  public enum Provider {
    /** Ollama's own API ({@code /api/generate}, {@code /api/tags}). */
    OLLAMA,
    /** The OpenAI API ({@code /chat/completions}, {@code /models}): vLLM, llama-server, OpenAI. */
    OPENAI
  }

  /** The host whose API needs a key in every case. */
  private static final String OPENAI_HOST = "api.openai.com";

  public static final ConfigKey PROVIDER =
      new ConfigKey(
          "model.provider",
          "ollama",
          "The API the model server speaks: ollama (Ollama, ollama.* settings) or openai (any"
              + " OpenAI-compatible server: vLLM, llama.cpp's llama-server, LM Studio, OpenAI;"
              + " openai.* settings).");
  public static final ConfigKey VISION_MODEL =
      new ConfigKey(
              "model.vision",
              "llava:7b",
              "The vision model that reads the picture, as the server names it (with openai, a"
                  + " model that takes images, such as gpt-4o-mini or Qwen/Qwen2.5-VL-7B-Instruct).")
          .withAlias("ollama.vision.model");
  public static final ConfigKey TEXT_MODEL =
      new ConfigKey(
              "model.text",
              "llama3.1:8b",
              "The text model that writes chapters and summaries, as the server names it.")
          .withAlias("ollama.text.model");
  public static final ConfigKey JUDGE_MODEL =
      new ConfigKey(
              "model.judge",
              "",
              "The model that scores each chapter's mood; empty means the text model.")
          .withAlias("ollama.judge.model");
  public static final ConfigKey TIMEOUT =
      new ConfigKey(
              "model.timeout",
              "180s",
              "The bound on one attempt of a model call, the answer's body included.")
          .withAlias("ollama.timeout");
  public static final ConfigKey RETRIES =
      new ConfigKey(
              "model.retries",
              "3",
              "Retries of a transient model failure (connection refused, HTTP 5xx, 429, timeout),"
                  + " 0 to 20.")
          .withAlias("ollama.retries");
  public static final ConfigKey RETRY_BACKOFF =
      new ConfigKey(
              "model.retry.backoff",
              "1s",
              "The first retry's pause; it doubles on each retry, capped at one minute. A 429's"
                  + " Retry-After stretches a pause up to that minute.")
          .withAlias("ollama.retry.backoff");
  public static final ConfigKey VISION_TEMPERATURE =
      new ConfigKey(
          "model.vision.temperature",
          "0.2",
          "The vision model's sampling temperature (0 to 2): low, so the analysis stays close to"
              + " the picture. Empty: the model's own.");
  public static final ConfigKey TEXT_TEMPERATURE =
      new ConfigKey(
          "model.text.temperature",
          "",
          "The writer's sampling temperature (0 to 2), for chapters and summaries. Empty (the"
              + " default): the model's own (Ollama's is 0.8).");
  public static final ConfigKey JUDGE_TEMPERATURE =
      new ConfigKey(
          "model.judge.temperature",
          "0",
          "The judge's sampling temperature (0 to 2): 0, so the same chapter gets the same score."
              + " Empty: the model's own.");

  /**
   * The keys this record reads (the servers' own are in {@link OllamaSettings#KEYS} and {@link
   * OpenAiSettings#KEYS}).
   */
  public static final List<ConfigKey> KEYS =
      List.of(
          PROVIDER,
          VISION_MODEL,
          TEXT_MODEL,
          JUDGE_MODEL,
          TIMEOUT,
          RETRIES,
          RETRY_BACKOFF,
          VISION_TEMPERATURE,
          TEXT_TEMPERATURE,
          JUDGE_TEMPERATURE);

  public ModelSettings {
    Objects.requireNonNull(provider);
    Objects.requireNonNull(visionModel);
    Objects.requireNonNull(textModel);
    Objects.requireNonNull(judgeModel);
    Objects.requireNonNull(requestTimeout);
    Objects.requireNonNull(backoff);
    Objects.requireNonNull(ollama);
    Objects.requireNonNull(openAi);
    temperatures = Map.copyOf(temperatures);
  }

  /** Reads and validates the model settings and both servers' own. */
  public static ModelSettings from(Config config) {
    Provider provider =
        Provider.valueOf(config.choice(PROVIDER, "ollama", "openai").toUpperCase(Locale.ROOT));
    String text = config.required(TEXT_MODEL);
    String judge = config.string(JUDGE_MODEL).strip();
    Map<ModelRole, Double> temperatures = new EnumMap<>(ModelRole.class);
    temperature(config, VISION_TEMPERATURE).ifPresent(t -> temperatures.put(ModelRole.VISION, t));
    temperature(config, TEXT_TEMPERATURE).ifPresent(t -> temperatures.put(ModelRole.TEXT, t));
    temperature(config, JUDGE_TEMPERATURE).ifPresent(t -> temperatures.put(ModelRole.JUDGE, t));
    OpenAiSettings openAi = OpenAiSettings.from(config);
    if (provider == Provider.OPENAI
        && openAi.apiKey().isEmpty()
        && OPENAI_HOST.equalsIgnoreCase(openAi.baseUrl().getHost())) {
      throw new ConfigException(
          "Invalid configuration: "
              + OpenAiSettings.API_KEY.nameAndEnv()
              + " must be set: "
              + openAi.baseUrl()
              + " answers no call without a key. Create one at"
              + " https://platform.openai.com/api-keys, or point "
              + OpenAiSettings.BASE_URL.envName()
              + " at your own server.");
    }
    return new ModelSettings(
        provider,
        config.required(VISION_MODEL),
        text,
        judge.isEmpty() ? text : judge,
        config.duration(TIMEOUT),
        Backoff.exponential(config.integer(RETRIES, 0, 20), config.duration(RETRY_BACKOFF)),
        temperatures,
        OllamaSettings.from(config),
        openAi);
  }

  /** The model that plays the role. */
  public String model(ModelRole role) {
    return switch (role) {
      case VISION -> visionModel;
      case TEXT -> textModel;
      case JUDGE -> judgeModel;
    };
  }

  /** The key that names the role's model, for messages that tell a person what to set. */
  public static ConfigKey modelKey(ModelRole role) {
    return switch (role) {
      case VISION -> VISION_MODEL;
      case TEXT -> TEXT_MODEL;
      case JUDGE -> JUDGE_MODEL;
    };
  }

  /** The configured model server, for a person: "the Ollama server at URL" or the like. */
  public String serverName() {
    return switch (provider) {
      case OLLAMA -> "the Ollama server at " + ollama.host();
      case OPENAI -> "the OpenAI-compatible server at " + openAi.baseUrl();
    };
  }

  /**
   * What a person does when the configured model server could not answer for the models of these
   * roles, for a failure's message: the server of {@link #PROVIDER} and the models to have on it,
   * with the keys that set them as the catalogue names them.
   */
  public String serverFix(List<ModelRole> roles) {
    String models = String.join(" and ", roles.stream().map(this::model).distinct().toList());
    String keys =
        String.join(", ", roles.stream().map(r -> modelKey(r).name()).distinct().toList());
    return switch (provider) {
      case OLLAMA ->
          "start Ollama where "
              + OllamaSettings.HOST.envName()
              + " ("
              + OllamaSettings.HOST.name()
              + ") points and pull "
              + models
              + " (ollama pull <model>; set by "
              + keys
              + ")";
      case OPENAI ->
          "check that the OpenAI-compatible server at "
              + openAi.baseUrl()
              + " ("
              + OpenAiSettings.BASE_URL.name()
              + ") is up, is given "
              + OpenAiSettings.API_KEY.name()
              + " if it wants a key, and serves "
              + models
              + " ("
              + keys
              + ")";
    };
  }

  /** The role's temperature, or empty for the model's own. */
  public OptionalDouble temperature(ModelRole role) {
    Double t = temperatures.get(role);
    return t == null ? OptionalDouble.empty() : OptionalDouble.of(t);
  }

  /** The distinct models the line uses, vision first. */
  public List<String> models() {
    return List.of(visionModel, textModel, judgeModel).stream().distinct().toList();
  }

  /** The most tokens one call's prompt and answer may take together, on the chosen server. */
  public int maxContext() {
    return provider == Provider.OLLAMA ? ollama.contextCap() : openAi.maxContext();
  }

  /**
   * The longest one model call may take, retries included: every attempt at the full timeout and
   * every pause at its longest. An OpenAI-compatible server's Retry-After may stretch each pause to
   * the cap, and a server that refuses JSON schemas costs one more attempt (once per model).
   */
  public Duration callBound() {
    boolean openAiServer = provider == Provider.OPENAI;
    Duration bound = backoff.worstCase(requestTimeout, openAiServer);
    return openAiServer ? bound.plus(requestTimeout) : bound;
  }

  private static OptionalDouble temperature(Config config, ConfigKey key) {
    return config.string(key).isBlank()
        ? OptionalDouble.empty()
        : OptionalDouble.of(config.decimal(key, 0.0, 2.0));
  }
}
