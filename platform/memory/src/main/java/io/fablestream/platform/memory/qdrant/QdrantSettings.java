package io.fablestream.platform.memory.qdrant;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the Qdrant vector store is reached: Qdrant's gRPC endpoint, its API key, and the collection
 * that holds the chunks.
 *
 * @param url the gRPC endpoint as configured; {@code https} means TLS
 * @param host the host part of the URL
 * @param port the port of the URL, or 6334 (Qdrant's gRPC port) when it has none
 * @param tls whether the channel uses TLS ({@code https} URLs)
 * @param apiKey the API key sent as the {@code api-key} header, if any; never logged
 * @param collection the collection of chunk points
 * @param timeout the bound on one call to Qdrant
 */
public record QdrantSettings(
    URI url,
    String host,
    int port,
    boolean tls,
    Optional<String> apiKey,
    String collection,
    Duration timeout) {

  /** Qdrant's gRPC port; its REST port (6333) does not speak gRPC. */
  public static final int GRPC_PORT = 6334;

  public static final ConfigKey URL =
      new ConfigKey(
          "qdrant.url",
          "http://localhost:6334",
          "Qdrant's gRPC endpoint (port 6334, not the REST port 6333); https:// turns TLS on.");
  public static final ConfigKey API_KEY =
      new ConfigKey(
          "qdrant.api.key",
          "",
          "Qdrant's API key, sent as the api-key header; empty means none. Never logged.");
  public static final ConfigKey COLLECTION =
      new ConfigKey(
          "qdrant.collection",
          "fablestream_chunks",
          "The Qdrant collection of chunk points; created with the embedder's dimension if"
              + " absent.");
  public static final ConfigKey TIMEOUT =
      new ConfigKey("qdrant.timeout", "10s", "The bound on one call to Qdrant.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS = List.of(URL, API_KEY, COLLECTION, TIMEOUT);

  /** Reads and validates the Qdrant settings. */
  public static QdrantSettings from(Config config) {
    URI url = config.httpUri(URL);
    String path = url.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw ConfigException.invalid(
          URL, url.toString(), "a gRPC endpoint without a path, such as http://host:6334");
    }
    String collection = config.required(COLLECTION);
    if (!collection.matches("[A-Za-z0-9_.-]{1,255}")) {
      throw ConfigException.invalid(
          COLLECTION, collection, "letters, digits, '_', '-' or '.', at most 255 of them");
    }
    String key = config.string(API_KEY).strip();
    return new QdrantSettings(
        url,
        url.getHost(),
        url.getPort() == -1 ? GRPC_PORT : url.getPort(),
        "https".equals(url.getScheme()),
        key.isEmpty() ? Optional.empty() : Optional.of(key),
        collection,
        config.duration(TIMEOUT));
  }

  @Override
  public String toString() {
    // The API key is a credential: say whether there is one, never what it is.
    return "QdrantSettings[url="
        + url
        + ", tls="
        + tls
        + ", apiKey="
        + (apiKey.isPresent() ? "(set)" : "(none)")
        + ", collection="
        + collection
        + ", timeout="
        + timeout
        + "]";
  }
}
