package io.fablestream.platform.model;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the model gateway reaches Ollama and what it asks of it beyond the models: the window it may
 * size each call's context up to, the model options passed through, how long models stay loaded.
 *
 * @param host Ollama's base URL
 * @param headers extra HTTP headers on every request, for a proxy in front of Ollama; never logged
 * @param maxContext the largest {@code num_ctx} a call may ask for, in tokens
 * @param options model options sent on every call, as Ollama names them ({@code num_gpu}, {@code
 *     num_thread}, {@code temperature}); a role's temperature and the call's own options win
 * @param keepAlive Ollama's {@code keep_alive} for every call, as a Go duration ({@code 30m},
 *     {@code -1m} for ever, {@code 0s} to unload at once); empty for Ollama's default (5 minutes)
 */
public record OllamaSettings(
    URI host,
    Map<String, String> headers,
    int maxContext,
    Map<String, Object> options,
    String keepAlive) {

  private static final Logger LOG = LoggerFactory.getLogger(OllamaSettings.class);

  /** The port Ollama listens on, and the one OLLAMA_HOST implies when it names none. */
  public static final int DEFAULT_PORT = 11434;

  /** The smallest window worth asking for: Ollama's own default context. */
  public static final int MIN_CONTEXT = 4096;

  /**
   * The model options Ollama reads (api.Options and api.Runner); others it ignores with a warning.
   */
  private static final Set<String> KNOWN_OPTIONS =
      Set.of(
          "num_keep",
          "seed",
          "num_predict",
          "top_k",
          "top_p",
          "min_p",
          "typical_p",
          "repeat_last_n",
          "temperature",
          "repeat_penalty",
          "presence_penalty",
          "frequency_penalty",
          "mirostat",
          "mirostat_tau",
          "mirostat_eta",
          "penalize_newline",
          "stop",
          "tfs_z",
          "numa",
          "num_ctx",
          "num_batch",
          "num_gpu",
          "main_gpu",
          "low_vram",
          "f16_kv",
          "logits_all",
          "vocab_only",
          "use_mmap",
          "use_mlock",
          "num_thread");

  private static final Pattern OPTION_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern KEEP_ALIVE = Pattern.compile("(-?\\d+)(ms|s|m|h|d)?");

  public static final ConfigKey HOST =
      new ConfigKey(
          "ollama.host",
          "http://localhost:11434",
          "Ollama's base URL. As in Ollama, a host without scheme and port (ollama) means port"
              + " 11434.");
  public static final ConfigKey HEADERS =
      new ConfigKey(
          "ollama.headers",
          "",
          "Extra HTTP headers on every Ollama request, as Name=value pairs separated by ';'"
              + " (for example Authorization=Bearer xyz). Never logged.");
  public static final ConfigKey MAX_CONTEXT =
      new ConfigKey(
          "ollama.max.context",
          "32768",
          "The largest context window (num_ctx, tokens) a call may ask for. Each call asks for"
              + " its prompt plus its answer, rounded up to 4096, 8192, 16384...; a book whose"
              + " calls cannot fit is refused at intake. Keep it at or under the model's context"
              + " length (ollama show MODEL).");
  public static final ConfigKey OPTIONS =
      new ConfigKey(
          "ollama.options",
          "",
          "Model options sent on every call, name=value pairs separated by ';' (for example"
              + " num_gpu=40;num_thread=8;temperature=0.8). num_ctx here fixes every call's window"
              + " (no sizing, so Ollama never reloads a model for a new size); num_predict is"
              + " sized per call and cannot be set. A role's temperature (model.*.temperature)"
              + " wins over one set here.");
  public static final ConfigKey KEEP_ALIVE_KEY =
      new ConfigKey(
          "ollama.keep.alive",
          "",
          "How long Ollama keeps a model loaded after a call: 30m, 2h, -1 (for ever, between"
              + " books too) or 0 (unload at once). Empty: Ollama's default (5 minutes, or"
              + " OLLAMA_KEEP_ALIVE on the server).");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS =
      List.of(HOST, HEADERS, MAX_CONTEXT, OPTIONS, KEEP_ALIVE_KEY);

  public OllamaSettings {
    headers = Map.copyOf(headers);
    options = Map.copyOf(options);
  }

  /** Reads and validates the Ollama settings. */
  public static OllamaSettings from(Config config) {
    return new OllamaSettings(
        host(config),
        parseHeaders(config),
        config.integer(MAX_CONTEXT, MIN_CONTEXT, 1 << 21),
        parseOptions(config),
        keepAlive(config));
  }

  /**
   * The window {@code num_ctx} in {@link #options()} fixes for every call, or 0 when it is sized.
   */
  public int fixedContext() {
    Object pinned = options.get("num_ctx");
    return pinned instanceof Number n ? n.intValue() : 0;
  }

  /** The most tokens one call may take: the fixed window when there is one, else the cap. */
  public int contextCap() {
    int fixed = fixedContext();
    return fixed > 0 ? fixed : maxContext;
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
                + HEADERS.nameAndEnv()
                + " must be Name=value pairs separated by ';' (value not shown: it may be a"
                + " secret).");
      }
      out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return out;
  }

  /**
   * The options, each value typed as Ollama's JSON wants it: true/false a boolean, a whole number
   * an integer, a decimal a number, anything else a string. Ollama answers a value of the wrong
   * type with an error, so the types matter.
   */
  private static Map<String, Object> parseOptions(Config config) {
    Map<String, Object> out = new LinkedHashMap<>();
    String raw = config.string(OPTIONS).strip();
    if (raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair.strip() : pair.substring(0, eq).strip();
      String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
      if (eq <= 0 || value.isEmpty() || !OPTION_NAME.matcher(name).matches()) {
        throw ConfigException.invalid(
            config.asSet(OPTIONS), raw, "name=value pairs separated by ';', such as num_gpu=40");
      }
      if (name.equals("num_predict")) {
        throw ConfigException.invalid(
            config.asSet(OPTIONS),
            raw,
            "options without num_predict: each call's answer bound is sized to what it asks for");
      }
      out.put(name, typed(value));
    }
    Object numCtx = out.get("num_ctx");
    if (numCtx != null && !(numCtx instanceof Long n && n >= 512 && n <= (1 << 21))) {
      throw ConfigException.invalid(
          config.asSet(OPTIONS), raw, "a num_ctx that is a whole number of tokens, 512 or more");
    }
    if (numCtx != null) {
      out.put("num_ctx", ((Long) numCtx).intValue());
    }
    for (String name : out.keySet()) {
      if (!KNOWN_OPTIONS.contains(name)) {
        LOG.warn(
            "{} sets {}, which is not an Ollama model option Fablestream knows; it is sent as it"
                + " is, and Ollama ignores options it does not know",
            OPTIONS.name(),
            name);
      }
    }
    return out;
  }

  private static Object typed(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("false")) {
      return Boolean.parseBoolean(lower);
    }
    if (value.matches("-?\\d{1,18}")) {
      return Long.parseLong(value);
    }
    if (value.matches("-?\\d*\\.\\d+([eE]-?\\d+)?")) {
      return Double.parseDouble(value);
    }
    return value;
  }

  /**
   * Ollama's keep_alive as a Go duration, which Ollama parses with {@code time.ParseDuration}: a
   * negative one keeps the model for ever, so {@code -1} becomes {@code -1m}; a bare number is
   * seconds; days (which Go does not read) become hours.
   */
  private static String keepAlive(Config config) {
    String raw = config.string(KEEP_ALIVE_KEY).strip();
    if (raw.isEmpty()) {
      return "";
    }
    Matcher m = KEEP_ALIVE.matcher(raw.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw ConfigException.invalid(
          config.asSet(KEEP_ALIVE_KEY), raw, "a duration such as 30m or 2h, -1 or 0");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(
          config.asSet(KEEP_ALIVE_KEY), raw, "a duration such as 30m or 2h, -1 or 0");
    }
    if (n < 0) {
      return "-1m";
    }
    String unit = m.group(2) == null ? "s" : m.group(2);
    return unit.equals("d") ? (n * 24) + "h" : n + unit;
  }

  @Override
  public String toString() {
    // Header values may be credentials: show their names only, sorted (the map keeps no order).
    return "OllamaSettings[host="
        + host
        + ", headers="
        + new TreeSet<>(headers.keySet())
        + ", maxContext="
        + maxContext
        + ", options="
        + new java.util.TreeMap<>(options)
        + ", keepAlive="
        + (keepAlive.isEmpty() ? "(Ollama's default)" : keepAlive)
        + "]";
  }
}
