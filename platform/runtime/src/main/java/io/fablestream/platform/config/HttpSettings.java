package io.fablestream.platform.config;

import java.util.List;

/**
 * Where a process serves HTTP: health, metrics, and in the app the API.
 *
 * @param bind the address to listen on
 * @param port the port; 0 picks a free one
 */
public record HttpSettings(String bind, int port) {
  public static final ConfigKey BIND =
      new ConfigKey(
          "http.bind",
          "127.0.0.1",
          "Address the HTTP server listens on; 0.0.0.0 to serve other hosts (containers).");
  public static final ConfigKey PORT =
      new ConfigKey(
          "http.port",
          "8000",
          "Port of the HTTP server: the API in the app, /health and /metrics in every service.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS = List.of(BIND, PORT);

  /** Reads and validates the HTTP settings. */
  public static HttpSettings from(Config config) {
    return new HttpSettings(config.required(BIND), config.integer(PORT, 0, 65_535));
  }
}
