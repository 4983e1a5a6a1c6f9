package io.fablestream.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration in three layers, each overriding the one before: the keys' defaults, then an
 * optional properties file ({@code --config FILE} or {@code FABLESTREAM_CONFIG}), then the
 * environment. {@code KAFKA_FOO_BAR} sets the Kafka client key {@code foo.bar} (held here as {@code
 * kafka.foo.bar}); {@code FABLESTREAM_FOO_BAR} sets {@code foo.bar}; {@code OLLAMA_HOST}, {@code
 * OPENAI_BASE_URL}, {@code OPENAI_API_KEY}, {@code QDRANT_URL} and {@code QDRANT_API_KEY} are read
 * as those projects name them. A key with an {@linkplain ConfigKey#alias() alias} is also set by
 * its older name, when the key itself is set nowhere.
 *
 * <p>Immutable. Typed getters fail with a {@link ConfigException} that names the key, its
 * environment variable and the bad value.
 */
public final class Config {
  /** The prefix under which Kafka client and Streams keys are held. */
  public static final String KAFKA_PREFIX = "kafka.";

  /** The environment variable naming the optional config file. */
  public static final String CONFIG_FILE_ENV = "FABLESTREAM_CONFIG";

  static final BiMap WELL_KNOWN_ENV =
      new BiMap(
          Map.of(
              "OLLAMA_HOST", "ollama.host",
              "OPENAI_BASE_URL", "openai.base.url",
              "OPENAI_API_KEY", "openai.api.key",
              "QDRANT_URL", "qdrant.url",
              "QDRANT_API_KEY", "qdrant.api.key"));

  /** Shell and JVM variables of Kafka's own scripts, which are not client keys. */
  private static final java.util.Set<String> KAFKA_SCRIPT_ENV =
      java.util.Set.of(
          "KAFKA_HEAP_OPTS",
          "KAFKA_OPTS",
          "KAFKA_JVM_PERFORMANCE_OPTS",
          "KAFKA_LOG4J_OPTS",
          "KAFKA_GC_LOG_OPTS",
          "KAFKA_JMX_OPTS",
          "KAFKA_DEBUG",
          "KAFKA_HOME");

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final Map<String, String> values;

  private Config(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** A config of explicit values over the defaults; for tests and embedding. */
  public static Config of(Map<String, String> values) {
    return new Config(values);
  }

  /** The layers a process sees: defaults, the file (if any), then the environment. */
  public static Config load(Path file, Map<String, String> env) {
    Map<String, String> layered = new LinkedHashMap<>();
    Path configFile = file;
    if (configFile == null && env.get(CONFIG_FILE_ENV) != null) {
      configFile = Path.of(env.get(CONFIG_FILE_ENV));
    }
    if (configFile != null) {
      layered.putAll(readFile(configFile));
    }
    layered.putAll(fromEnvironment(env));
    return new Config(layered);
  }

  /** {@link #load(Path, Map)} with this process's environment. */
  public static Config load(Path file) {
    return load(file, System.getenv());
  }

  /**
   * The keys the environment sets, by config name. Where two variables set one key ({@code
   * OLLAMA_HOST} and {@code FABLESTREAM_OLLAMA_HOST}, {@code KAFKA_BOOTSTRAP_SERVERS} and {@code
   * FABLESTREAM_KAFKA_BOOTSTRAP_SERVERS}), the {@code FABLESTREAM_} one wins, whatever the order
   * the environment lists them in.
   */
  static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> generic = new TreeMap<>();
    Map<String, String> ours = new TreeMap<>();
    env.forEach(
        (name, value) -> {
          String wellKnown = WELL_KNOWN_ENV.get(name);
          if (wellKnown != null) {
            generic.put(wellKnown, value);
          } else if (name.startsWith("KAFKA_")
              && name.length() > "KAFKA_".length()
              && !KAFKA_SCRIPT_ENV.contains(name)) {
            generic.put(KAFKA_PREFIX + envToKey(name.substring("KAFKA_".length())), value);
          } else if (name.startsWith("FABLESTREAM_")
              && name.length() > "FABLESTREAM_".length()
              && !name.equals(CONFIG_FILE_ENV)) {
            ours.put(envToKey(name.substring("FABLESTREAM_".length())), value);
          }
        });
    generic.putAll(ours);
    return generic;
  }

  private static String envToKey(String envSuffix) {
    return envSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(
          "Cannot read the config file " + file + " (--config or " + CONFIG_FILE_ENV + "): " + e,
          e);
    }
    Map<String, String> out = new HashMap<>();
    properties.forEach((k, v) -> out.put(k.toString().strip(), v.toString().strip()));
    return out;
  }

  /** This config with one more value on top; for tests and the app's own overrides. */
  public Config with(String key, String value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(key, value);
    return new Config(copy);
  }

  /**
   * The raw value a layer set, or the key's default. A key with an alias takes the alias's value
   * when the key itself is set nowhere: the key's own name wins when both are set.
   */
  public String string(ConfigKey key) {
    String value = values.get(key.name());
    if (value == null && key.alias() != null) {
      value = values.get(key.alias());
    }
    return value == null ? key.defaultValue() : value;
  }

  /** Whether any layer set the key or its alias (as opposed to its default applying). */
  public boolean isSet(ConfigKey key) {
    return values.containsKey(key.name())
        || (key.alias() != null && values.containsKey(key.alias()));
  }

  /** The key as a person set it: its alias when only the alias is set, so messages name that. */
  public ConfigKey asSet(ConfigKey key) {
    if (!values.containsKey(key.name()) && key.alias() != null && values.containsKey(key.alias())) {
      return key.aliasKey();
    }
    return key;
  }

  /** A value that must not be blank. */
  public String required(ConfigKey key) {
    String value = string(key);
    if (value.isBlank()) {
      throw ConfigException.invalid(asSet(key), value, "a value (it must not be empty)");
    }
    return value.strip();
  }

  /** A whole number within bounds. */
  public int integer(ConfigKey key, int min, int max) {
    return (int) longValue(key, min, max);
  }

  /** A long within bounds. */
  public long longValue(ConfigKey key, long min, long max) {
    String value = string(key).strip();
    try {
      long n = Long.parseLong(value);
      if (n < min || n > max) {
        throw ConfigException.invalid(
            asSet(key), value, "a whole number from " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(asSet(key), value, "a whole number from " + min + " to " + max);
    }
  }

  /** A number within bounds. */
  public double decimal(ConfigKey key, double min, double max) {
    String value = string(key).strip();
    try {
      double n = Double.parseDouble(value);
      if (!(n >= min && n <= max)) {
        throw ConfigException.invalid(asSet(key), value, "a number from " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(asSet(key), value, "a number from " + min + " to " + max);
    }
  }

  /** true or false (also yes/no, 1/0, in any case). */
  public boolean bool(ConfigKey key) {
    String value = string(key).strip();
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw ConfigException.invalid(asSet(key), value, "true or false");
    };
  }

  /** A positive duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601. */
  public Duration duration(ConfigKey key) {
    String value = string(key).strip();
    Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
    Duration d;
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
      } else {
        d = Duration.parse(value);
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      // Too large a number overflows; the message must still name the key.
      throw ConfigException.invalid(
          asSet(key), value, "a duration such as 500ms, 30s, 2m or PT30S");
    }
    if (d.isNegative() || d.isZero()) {
      throw ConfigException.invalid(asSet(key), value, "a duration longer than zero");
    }
    return d;
  }

  /** An absolute http or https URI; a bare {@code host:port} gets {@code http://}. */
  public URI httpUri(ConfigKey key) {
    String value = string(key).strip();
    String withScheme = value.contains("://") ? value : "http://" + value;
    try {
      URI uri = new URI(withScheme);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw ConfigException.invalid(
            asSet(key), value, "an http or https URL such as http://host:port");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ConfigException.invalid(
          asSet(key), value, "an http or https URL such as http://host:port");
    }
  }

  /** A filesystem path; {@code ~} at the start is the user's home. */
  public Path path(ConfigKey key) {
    String value = required(key);
    if (value.equals("~") || value.startsWith("~/")) {
      value = System.getProperty("user.home") + value.substring(1);
    }
    return Path.of(value);
  }

  /** One of a fixed set of lowercase words. */
  public String choice(ConfigKey key, String... allowed) {
    String value = string(key).strip();
    for (String a : allowed) {
      if (a.equals(value.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw ConfigException.invalid(asSet(key), value, "one of " + String.join(", ", allowed));
  }

  /**
   * Every Kafka key a layer set, without the {@code kafka.} prefix: what Kafka clients and Kafka
   * Streams take as they are.
   */
  public Map<String, String> kafkaProperties() {
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(KAFKA_PREFIX)) {
            out.put(k.substring(KAFKA_PREFIX.length()), v);
          }
        });
    return out;
  }

  /** A two-way map between environment names and config keys. */
  static final class BiMap {
    private final Map<String, String> forward;
    private final Map<String, String> backward = new HashMap<>();

    BiMap(Map<String, String> forward) {
      this.forward = Map.copyOf(forward);
      forward.forEach((k, v) -> backward.put(v, k));
    }

    String get(String env) {
      return forward.get(env);
    }

    String inverse(String key) {
      return backward.get(key);
    }
  }
}
