package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP API's limits; where it listens is {@code http.bind} and {@code http.port}.
 *
 * @param generateWait how long {@code POST /generate} holds the request before it answers 202
 * @param maxUploadBytes the largest picture accepted
 */
public record ApiSettings(Duration generateWait, long maxUploadBytes) {
  public static final ConfigKey GENERATE_WAIT =
      new ConfigKey(
          "api.generate.wait",
          "10m",
          "How long POST /generate waits for the book; past it, 202 with the bookId to poll.");
  public static final ConfigKey MAX_UPLOAD_BYTES =
      new ConfigKey(
          "api.max.upload.bytes",
          "20971520",
          "The largest picture the API and the CLI accept, in bytes (default 20 MB).");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS = List.of(GENERATE_WAIT, MAX_UPLOAD_BYTES);

  /** Reads and validates the API settings. */
  public static ApiSettings from(Config config) {
    return new ApiSettings(
        config.duration(GENERATE_WAIT),
        config.longValue(MAX_UPLOAD_BYTES, 1, BookSubmitter.MAX_REQUEST_BYTES - 1024 * 1024));
  }
}
