package io.fablestream.platform.config;

/** A configuration value that is missing or wrong; the message names the key and the value. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A value that is not what the key takes: the message names the key, its variable and both. */
  public static ConfigException invalid(ConfigKey key, String value, String expected) {
    return new ConfigException(
        "Invalid configuration: "
            + key.nameAndEnv()
            + " is '"
            + value
            + "': expected "
            + expected
            + ".");
  }
}
