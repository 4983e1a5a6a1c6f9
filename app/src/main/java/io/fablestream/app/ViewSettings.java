package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/**
 * The read model's settings.
 *
 * @param retention how long a book's views (every revision's) and its cover are kept after its last
 *     event
 */
public record ViewSettings(Duration retention) {
  public static final ConfigKey RETENTION =
      new ConfigKey(
          "api.view.retention",
          "30d",
          "How long the API's read model keeps a book after its last event: its view, every"
              + " revision's, and its cover; then GET /books/{id} answers 404. A book's events"
              + " after that create nothing.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS = List.of(RETENTION);

  /** The defaults. */
  public static final ViewSettings DEFAULTS = new ViewSettings(Duration.ofDays(30));

  /** Reads and validates the settings. */
  public static ViewSettings from(Config config) {
    Duration retention = config.duration(RETENTION);
    if (retention.isNegative() || retention.isZero()) {
      throw new ConfigException(
          "Invalid configuration: "
              + RETENTION.name()
              + " (environment "
              + RETENTION.envName()
              + ") is "
              + retention
              + "; it must be longer than zero.");
    }
    return new ViewSettings(retention);
  }
}
