package io.fablestream.platform.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How the model gateway reaches Ollama and which models it asks.
 *
 * @param host Ollama's base URL
 * @param visionModel the model that analyses the picture
 * @param textModel the model that writes chapters and summaries
 * @param judgeModel the model that scores chapters against the mood
 * @param requestTimeout the bound on one model call
 * @param maxRetries retries of a transient failure (connection refused, 5xx, timeout)
 * @param retryBackoff the first backoff; it doubles on each retry
 * @param headers extra HTTP headers on every request, for a proxy in front of Ollama; never logged
 */
public record OllamaSettings(
    URI host,
    String visionModel,
    String textModel,
    String judgeModel,
    Duration requestTimeout,
    int maxRetries,
    Duration retryBackoff,
    Map<String, String> headers) {

  /** The port Ollama listens on, and the one OLLAMA_HOST implies when it names none. */
  public static final int DEFAULT_PORT = 11434;

  public static final ConfigKey HOST =
      new ConfigKey(
          "ollama.host",
          "http://localhost:11434",
          "Ollama's base URL. As in Ollama, a host without scheme and port (ollama) means port"
              + " 11434.");
  public static final ConfigKey VISION_MODEL =
      new ConfigKey("ollama.vision.model", "llava:7b", "The vision model that reads the picture.");
  public static final ConfigKey TEXT_MODEL =
      new ConfigKey(
          "ollama.text.model", "llama3.1:8b", "The text model that writes chapters and summaries.");
  public static final ConfigKey JUDGE_MODEL =
      new ConfigKey(
          "ollama.judge.model",
          "",
          "The model that scores each chapter's mood; empty means the text model.");
  public static final ConfigKey TIMEOUT =
      new ConfigKey(
          "ollama.timeout",
          "180s",
          "The bound on one model call. Keep max.poll.interval.ms above attempts times this.");
  public static final ConfigKey RETRIES =
      new ConfigKey(
          "ollama.retries",
          "3",
          "Retries of a transient model failure (connection refused, HTTP 5xx, timeout).");
  public static final ConfigKey RETRY_BACKOFF =
      new ConfigKey(
          "ollama.retry.backoff", "1s", "The first retry's backoff; it doubles on each retry.");
  public static final ConfigKey HEADERS =
      new ConfigKey(
          "ollama.headers",
          "",
          "Extra HTTP headers on every Ollama request, as Name=value pairs separated by ';'"
              + " (for example Authorization=Bearer xyz). Never logged.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS =
      List.of(
          HOST, VISION_MODEL, TEXT_MODEL, JUDGE_MODEL, TIMEOUT, RETRIES, RETRY_BACKOFF, HEADERS);

  public OllamaSettings {
    headers = Map.copyOf(headers);
  }

  /** Reads and validates the Ollama settings. */
  public static OllamaSettings from(Config config) {
    String text = config.required(TEXT_MODEL);
    String judge = config.string(JUDGE_MODEL).strip();
    return new OllamaSettings(
        host(config),
        config.required(VISION_MODEL),
        text,
        judge.isEmpty() ? text : judge,
        config.duration(TIMEOUT),
        config.integer(RETRIES, 0, 20),
        config.duration(RETRY_BACKOFF),
        parseHeaders(config));
  }

  /**
   * Ollama's base URL, read as Ollama reads OLLAMA_HOST: a value without a scheme is http, and
   * without a port as well it is Ollama's port 11434 ({@code OLLAMA_HOST=ollama} is {@code
   * http://ollama:11434}); an explicit {@code http://host} keeps port 80.
   */
  private static URI host(Config config) {
    URI uri = config.httpUri(HOST);
    if (config.string(HOST).contains("://") || uri.getPort() >= 0) {
      return uri;
    }
    return URI.create(
        uri.getScheme() + "://" + uri.getRawAuthority() + ":" + DEFAULT_PORT + uri.getRawPath());
  }

  private static Map<String, String> parseHeaders(Config config) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = config.string(HEADERS).strip();
    if (raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split(";")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            "Invalid configuration: "
                + HEADERS.name()
                + " (environment "
                + HEADERS.envName()
                + ") must be Name=value pairs separated by ';' (value not shown: it may be a"
                + " secret).");
      }
      out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return out;
  }

  @Override
  public String toString() {
    // Header values may be credentials: show their names only, sorted (the map keeps no order).
    return "OllamaSettings[host="
        + host
        + ", visionModel="
        + visionModel
        + ", textModel="
        + textModel
        + ", judgeModel="
        + judgeModel
        + ", requestTimeout="
        + requestTimeout
        + ", maxRetries="
        + maxRetries
        + ", retryBackoff="
        + retryBackoff
        + ", headers="
        + new TreeSet<>(headers.keySet())
        + "]";
  }
}
