package io.fablestream.app;

import io.fablestream.analyzer.AnalyzerSettings;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.config.HttpSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP API's limits; where it listens is {@code http.bind} and {@code http.port}.
 *
 * @param generateWait how long {@code POST /generate} holds the request before it answers 202
 * @param maxUploadBytes the largest picture accepted
 * @param token the bearer token the book calls require, or empty for none; never logged
 * @param allowAnonymous true to serve without a token on an address other hosts can reach
 * @param rateLimitPerMinute the requests one client address may make per minute; 0 for no limit
 * @param maxPictures the most pictures one book may grow from ({@code album.max.pictures}, the
 *     analyzer's key: the API refuses more before sending them)
 */
public record ApiSettings(
    Duration generateWait,
    long maxUploadBytes,
    String token,
    boolean allowAnonymous,
    int rateLimitPerMinute,
    int maxPictures) {
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
              + " TOKEN); empty: none, allowed only on a loopback http.bind unless"
              + " api.allow.anonymous. Health and metrics stay open. Never logged.");

  public static final ConfigKey ALLOW_ANONYMOUS =
      new ConfigKey(
          "api.allow.anonymous",
          "false",
          "true serves the API without api.token on an http.bind other hosts can reach (behind a"
              + " proxy that authenticates); otherwise the API refuses to start that way.");

  public static final ConfigKey RATE_LIMIT =
      new ConfigKey(
          "api.rate.limit",
          "120",
          "Requests per minute one client address may make to /books and /generate (also its"
              + " burst); past it, 429 with Retry-After. 0: no limit.");

  public static final ConfigKey ADVERTISED_ADDRESS =
      new ConfigKey(
          "api.advertised.address",
          "",
          "host:port at which the other API instances reach this one's HTTP API (Kafka Streams'"
              + " application.server): a request for a book held by another instance is forwarded"
              + " there. Empty: http.bind, or this machine's host name when http.bind is 0.0.0.0,"
              + " and the port the API listens on.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS =
      List.of(
          GENERATE_WAIT, MAX_UPLOAD_BYTES, TOKEN, ALLOW_ANONYMOUS, RATE_LIMIT, ADVERTISED_ADDRESS);

  /** Settings with the default rate limit and no anonymous access off the loopback. */
  public ApiSettings(Duration generateWait, long maxUploadBytes, String token) {
    this(generateWait, maxUploadBytes, token, false, 120);
  }

  /** Settings that take as many pictures as album.max.pictures does by default. */
  public ApiSettings(
      Duration generateWait,
      long maxUploadBytes,
      String token,
      boolean allowAnonymous,
      int rateLimitPerMinute) {
    this(generateWait, maxUploadBytes, token, allowAnonymous, rateLimitPerMinute, 12);
  }

  /** Reads and validates the API settings. */
  public static ApiSettings from(Config config) {
    return new ApiSettings(
        config.duration(GENERATE_WAIT),
        config.longValue(MAX_UPLOAD_BYTES, 1, BookSubmitter.MAX_REQUEST_BYTES - 1024 * 1024),
        config.string(TOKEN).strip(),
        config.bool(ALLOW_ANONYMOUS),
        config.integer(RATE_LIMIT, 0, 1_000_000),
        config.integer(AnalyzerSettings.ALBUM_MAX_PICTURES, 1, 100));
  }

  /**
   * Refuses to serve the book calls to other hosts without a token: the API writes to Kafka and
   * spends model time, so an open one on a reachable address is anybody's.
   *
   * @throws ConfigException naming {@code api.token} and {@code http.bind}
   */
  public void requireTokenOffLoopback(HttpSettings http) {
    if (!token.isEmpty() || allowAnonymous || isLoopback(http.bind())) {
      return;
    }
    throw new ConfigException(
        "Invalid configuration: "
            + TOKEN.name()
            + " (environment "
            + TOKEN.envName()
            + ") is empty while "
            + HttpSettings.BIND.name()
            + " is '"
            + http.bind()
            + "', which other hosts can reach: set a token, bind to 127.0.0.1, or set "
            + ALLOW_ANONYMOUS.name()
            + "=true if a proxy in front authenticates.");
  }

  /**
   * Where the other API instances reach this one: {@code api.advertised.address}, or else {@code
   * http.bind} (this machine's host name when that is a wildcard) and the port actually bound.
   *
   * @param boundPort the port the API listens on, which differs from {@code http.port} when that is
   *     0
   * @throws ConfigException when the address given is not host:port
   */
  public static String advertisedAddress(Config config, HttpSettings http, int boundPort) {
    String given = config.string(ADVERTISED_ADDRESS).strip();
    if (!given.isEmpty()) {
      int colon = given.lastIndexOf(':');
      boolean valid = colon > 0 && colon < given.length() - 1;
      if (valid) {
        try {
          int port = Integer.parseInt(given.substring(colon + 1));
          valid = port > 0 && port <= 65_535;
        } catch (NumberFormatException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw new ConfigException(
            "Invalid configuration: "
                + ADVERTISED_ADDRESS.name()
                + " (environment "
                + ADVERTISED_ADDRESS.envName()
                + ") is '"
                + given
                + "'; it must be host:port, as the other API instances reach this one.");
      }
      return given;
    }
    String host = http.bind();
    if (host.isEmpty() || "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host)) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        throw new ConfigException(
            "Invalid configuration: "
                + HttpSettings.BIND.name()
                + " is '"
                + http.bind()
                + "' and this machine's host name cannot be read ("
                + e.getMessage()
                + "): set "
                + ADVERTISED_ADDRESS.name()
                + " to the host:port other API instances reach this one at.");
      }
    }
    return host + ":" + boundPort;
  }

  private static boolean isLoopback(String bind) {
    try {
      for (InetAddress address : InetAddress.getAllByName(bind)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
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
        + ", allowAnonymous="
        + allowAnonymous
        + ", rateLimitPerMinute="
        + rateLimitPerMinute
        + "]";
  }
}
