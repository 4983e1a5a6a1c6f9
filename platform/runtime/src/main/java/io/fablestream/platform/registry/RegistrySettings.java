package io.fablestream.platform.registry;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.schemas.WireFormat;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The wire format a process writes and the schema registry it talks to, with the names Confluent's
 * clients give the same settings ({@code schema.registry.url}, {@code basic.auth.user.info}...).
 *
 * @param format what the process writes ({@code serde.format})
 * @param url the registry, or empty when none is configured
 * @param basicAuth {@code user:password} for HTTP basic auth, or null
 * @param bearerToken a token for {@code Authorization: Bearer}, or null
 * @param autoRegister whether the process registers its schemas, or only looks them up
 * @param timeout the bound on one request to the registry
 */
public record RegistrySettings(
    WireFormat format,
    Optional<URI> url,
    String basicAuth,
    String bearerToken,
    boolean autoRegister,
    Duration timeout) {

  public static final ConfigKey FORMAT =
      new ConfigKey(
          "serde.format",
          "single-object",
          "How events are written: single-object (Avro single-object encoding, C3 01 and the"
              + " schema fingerprint; needs no registry) or registry (the schema-registry wire"
              + " format: byte 0, the 4-byte schema id, the Avro body; subjects <topic>-value)."
              + " Input topics read both.");
  public static final ConfigKey URL =
      new ConfigKey(
          "schema.registry.url",
          "",
          "The schema registry (Confluent, Karapace, Redpanda, Apicurio's ccompat API), for"
              + " example http://registry:8081; https uses the JDK's trust store"
              + " (-Djavax.net.ssl.trustStore). Needed by serde.format=registry, and to read"
              + " registry-format records.");
  public static final ConfigKey CREDENTIALS_SOURCE =
      new ConfigKey(
          "schema.registry.basic.auth.credentials.source",
          "USER_INFO",
          "Where basic-auth credentials come from, as Confluent names it: USER_INFO"
              + " (schema.registry.basic.auth.user.info) or URL (user:password@ in"
              + " schema.registry.url).");
  public static final ConfigKey USER_INFO =
      new ConfigKey(
          "schema.registry.basic.auth.user.info",
          "",
          "user:password for the registry's HTTP basic auth (Confluent Cloud: key:secret).");
  public static final ConfigKey BEARER_TOKEN =
      new ConfigKey(
          "schema.registry.bearer.auth.token",
          "",
          "A token sent as Authorization: Bearer to the registry; instead of basic auth.");
  public static final ConfigKey AUTO_REGISTER =
      new ConfigKey(
          "schema.registry.auto.register",
          "true",
          "Whether a process registers its schemas. false: each subject it writes must already"
              + " hold the schema, or the process refuses to start naming the subject.");
  public static final ConfigKey TIMEOUT =
      new ConfigKey(
          "schema.registry.timeout",
          "10s",
          "The bound on one request to the registry; a registry that does not answer is retried"
              + " with backoff.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS =
      List.of(FORMAT, URL, CREDENTIALS_SOURCE, USER_INFO, BEARER_TOKEN, AUTO_REGISTER, TIMEOUT);

  /** Reads and validates the settings. */
  public static RegistrySettings from(Config config) {
    WireFormat format = WireFormat.named(config.choice(FORMAT, "single-object", "registry"));
    Optional<URI> url =
        config.string(URL).isBlank() ? Optional.empty() : Optional.of(config.httpUri(URL));
    if (format == WireFormat.REGISTRY && url.isEmpty()) {
      throw ConfigException.invalid(
          URL, "", "the registry's URL, since serde.format=registry (http://host:8081)");
    }
    String source = config.string(CREDENTIALS_SOURCE).strip().toUpperCase(Locale.ROOT);
    String basicAuth =
        switch (source) {
          case "USER_INFO" -> blankToNull(config.string(USER_INFO));
          case "URL" -> url.map(URI::getUserInfo).orElse(null);
          default -> throw ConfigException.invalid(CREDENTIALS_SOURCE, source, "USER_INFO or URL");
        };
    if (basicAuth != null && !basicAuth.contains(":")) {
      throw ConfigException.invalid(
          source.equals("URL") ? URL : USER_INFO, "[hidden]", "user:password");
    }
    String token = blankToNull(config.string(BEARER_TOKEN));
    if (basicAuth != null && token != null) {
      throw ConfigException.invalid(
          BEARER_TOKEN, "[hidden]", "empty when basic auth is set (one of the two)");
    }
    return new RegistrySettings(
        format,
        url.map(RegistrySettings::withoutUserInfo),
        basicAuth,
        token,
        config.bool(AUTO_REGISTER),
        config.duration(TIMEOUT));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static URI withoutUserInfo(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(
        uri.getScheme()
            + "://"
            + uri.getHost()
            + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
            + path);
  }

  @Override
  public String toString() {
    return "RegistrySettings[format="
        + format.setting()
        + ", url="
        + url.map(URI::toString).orElse("(none)")
        + ", basicAuth="
        + (basicAuth == null ? "(none)" : "[hidden]")
        + ", bearerToken="
        + (bearerToken == null ? "(none)" : "[hidden]")
        + ", autoRegister="
        + autoRegister
        + ", timeout="
        + timeout
        + "]";
  }
}
