package io.fablestream.platform.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One documented configuration key. The name is dot-separated lowercase ({@code ollama.timeout});
 * the environment variable that sets it follows from the name ({@code FABLESTREAM_OLLAMA_TIMEOUT},
 * or {@code KAFKA_*} for Kafka client keys, or the name another project gives it, such as {@code
 * OLLAMA_HOST}).
 *
 * @param name the key as a config file spells it
 * @param defaultValue the value when no layer sets it; empty means "none" or "derived", as doc says
 * @param doc what the key means, for the README's configuration table
 * @param alias an older name that still sets this key when the key itself is set nowhere, or null;
 *     when both are set, this key wins
 */
public record ConfigKey(String name, String defaultValue, String doc, String alias) {
  public ConfigKey {
    Objects.requireNonNull(name);
    Objects.requireNonNull(defaultValue);
    Objects.requireNonNull(doc);
    checkName(name);
    if (alias != null) {
      checkName(alias);
    }
  }

  /** A key without an alias. */
  public ConfigKey(String name, String defaultValue, String doc) {
    this(name, defaultValue, doc, null);
  }

  /** This key, also set by an older name. */
  public ConfigKey withAlias(String oldName) {
    return new ConfigKey(name, defaultValue, doc, oldName);
  }

  /** The alias as a key of its own (for messages that name what a person set), or null. */
  public ConfigKey aliasKey() {
    return alias == null ? null : new ConfigKey(alias, defaultValue, doc);
  }

  private static void checkName(String name) {
    if (!name.matches("[a-z0-9]+(\\.[a-z0-9]+)*")) {
      throw new IllegalArgumentException("config key names are dot-separated lowercase: " + name);
    }
  }

  /**
   * The key as a message names it for a person, with the variable that sets it: {@code model.text
   * (environment FABLESTREAM_MODEL_TEXT)}.
   */
  public String nameAndEnv() {
    return name + " (environment " + envName() + ")";
  }

  /** The environment variable that sets this key. */
  public String envName() {
    String wellKnown = Config.WELL_KNOWN_ENV.inverse(name);
    if (wellKnown != null) {
      return wellKnown;
    }
    String upper = name.toUpperCase(Locale.ROOT).replace('.', '_');
    return name.startsWith(Config.KAFKA_PREFIX) ? upper : "FABLESTREAM_" + upper;
  }
}
