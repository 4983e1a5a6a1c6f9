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
 * @param token the bearer token the book calls require, or empty for none; never logged
 */
public record ApiSettings(Duration generateWait, long maxUploadBytes, String token) {
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

  public static final ConfigKey TOKEN =
      new ConfigKey(
          "api.token",
          "",
          "A bearer token every /books and /generate call must carry (Authorization: Bearer"
              + " TOKEN); empty: none. Health and metrics stay open. Never logged.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS = List.of(GENERATE_WAIT, MAX_UPLOAD_BYTES, TOKEN);

  /** Reads and validates the API settings. */
  public static ApiSettings from(Config config) {
    return new ApiSettings(
        config.duration(GENERATE_WAIT),
        config.longValue(MAX_UPLOAD_BYTES, 1, BookSubmitter.MAX_REQUEST_BYTES - 1024 * 1024),
        config.string(TOKEN).strip());
  }

  @Override
  public String toString() {
    // The token is a credential: say only whether there is one.
    return "ApiSettings[generateWait="
        + generateWait
        + ", maxUploadBytes="
        + maxUploadBytes
        + ", token="
        + (token.isEmpty() ? "none" : "set")
        + "]";
  }
}
