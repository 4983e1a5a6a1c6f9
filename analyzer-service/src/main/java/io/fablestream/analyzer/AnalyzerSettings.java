package io.fablestream.analyzer;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ModelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the analyzer accepts and how it asks the vision model.
 *
 * @param maxImageBytes the most bytes an image may have, inline or behind a URI
 * @param maxPixels the most pixels (width times height, from the header) an image may have
 * @param maxSide the longest side of the image the model sees, in pixels
 * @param fileBaseDir the directory {@code file:} URIs must point under; empty refuses them all
 * @param allowedHosts the hosts {@code http(s):} URIs may name, lowercase; empty refuses them all
 * @param allowPrivateAddresses whether an allowed host may resolve to a loopback, private or
 *     link-local address
 * @param uriTimeout the bound on connecting to and reading an {@code http(s):} URI
 * @param repairAttempts how many times the model is asked again after an unusable answer
 * @param visionModel the vision model's name ({@code model.vision})
 * @param bookBudget what the model server's context holds, to refuse at intake a book whose calls
 *     could never fit
 * @param models the model server's settings, which the failures' messages name
 * @param maxPictures the most pictures a request may carry, its first image included
 */
public record AnalyzerSettings(
    long maxImageBytes,
    long maxPixels,
    int maxSide,
    Optional<Path> fileBaseDir,
    Set<String> allowedHosts,
    boolean allowPrivateAddresses,
    Duration uriTimeout,
    int repairAttempts,
    String visionModel,
    BookBudget bookBudget,
    ModelSettings models,
    int maxPictures) {

  public static final ConfigKey MAX_IMAGE_BYTES =
      new ConfigKey(
          "analyzer.max.image.bytes",
          String.valueOf(20L * 1024 * 1024),
          "The most bytes an image may have (inline or behind a URI); enforced while reading.");
  public static final ConfigKey MAX_PIXELS =
      new ConfigKey(
          "analyzer.max.pixels",
          "50000000",
          "The most pixels (width x height, read from the header) an image may have; larger"
              + " images are refused before decoding, so a decompression bomb is never decoded.");
  public static final ConfigKey MAX_SIDE =
      new ConfigKey(
          "analyzer.max.side",
          "1024",
          "The longest side, in pixels, of the image the vision model sees; larger images are"
              + " scaled down.");
  public static final ConfigKey FILE_BASE_DIR =
      new ConfigKey(
          "analyzer.file.base.dir",
          "",
          "The directory file: image URIs must point under (after resolving symlinks). Empty"
              + " (the default) refuses every file: URI.");
  public static final ConfigKey HTTP_ALLOWED_HOSTS =
      new ConfigKey(
          "analyzer.http.allowed.hosts",
          "",
          "Comma-separated host names http(s): image URIs may name. Empty (the default) refuses"
              + " every http(s): URI.");
  public static final ConfigKey HTTP_ALLOW_PRIVATE =
      new ConfigKey(
          "analyzer.http.allow.private.addresses",
          "false",
          "Whether an allowed host may resolve to a loopback, private or link-local address."
              + " Leave false unless images come from your own network.");
  public static final ConfigKey URI_TIMEOUT =
      new ConfigKey(
          "analyzer.uri.timeout",
          "10s",
          "The bound on connecting to and reading an http(s): image URI.");
  public static final ConfigKey REPAIR_ATTEMPTS =
      new ConfigKey(
          "analyzer.repair.attempts",
          "1",
          "How many times the vision model is asked again, told what was wrong, after an"
              + " answer that is not the JSON asked for.");
  public static final ConfigKey ALBUM_MAX_PICTURES =
      new ConfigKey(
          "album.max.pictures",
          "12",
          "The most pictures one book may grow from (the first image and its album together);"
              + " a request with more is refused with ALBUM_TOO_LARGE. Each picture is one vision"
              + " call, and no more pictures than chapters are taken.");

  /**
   * The keys this record reads (besides {@link ModelSettings#VISION_MODEL} and the context budget's
   * keys).
   */
  public static final List<ConfigKey> KEYS =
      List.of(
          MAX_IMAGE_BYTES,
          MAX_PIXELS,
          MAX_SIDE,
          FILE_BASE_DIR,
          HTTP_ALLOWED_HOSTS,
          HTTP_ALLOW_PRIVATE,
          URI_TIMEOUT,
          REPAIR_ATTEMPTS,
          ALBUM_MAX_PICTURES);

  public AnalyzerSettings {
    Objects.requireNonNull(fileBaseDir);
    Objects.requireNonNull(uriTimeout);
    Objects.requireNonNull(visionModel);
    Objects.requireNonNull(bookBudget);
    allowedHosts = Set.copyOf(allowedHosts);
  }

  /** Reads and validates the analyzer's settings. */
  public static AnalyzerSettings from(Config config) {
    String base = config.string(FILE_BASE_DIR).strip();
    Optional<Path> baseDir =
        base.isEmpty() ? Optional.empty() : Optional.of(config.path(FILE_BASE_DIR));
    if (baseDir.isPresent() && !baseDir.get().isAbsolute()) {
      throw new ConfigException(
          "Invalid configuration: "
              + FILE_BASE_DIR.name()
              + " (environment "
              + FILE_BASE_DIR.envName()
              + ") is '"
              + base
              + "': expected an absolute directory path.");
    }
    ModelSettings models = ModelSettings.from(config);
    return new AnalyzerSettings(
        config.longValue(MAX_IMAGE_BYTES, 1, 1L << 30),
        config.longValue(MAX_PIXELS, 1, 1_000_000_000L),
        config.integer(MAX_SIDE, 32, 8192),
        baseDir,
        hosts(config.string(HTTP_ALLOWED_HOSTS)),
        config.bool(HTTP_ALLOW_PRIVATE),
        config.duration(URI_TIMEOUT),
        config.integer(REPAIR_ATTEMPTS, 0, 5),
        models.visionModel(),
        BookBudget.from(config),
        models,
        config.integer(ALBUM_MAX_PICTURES, 1, 100));
  }

  /** The defaults of every key; for tests and benchmarks. */
  public static AnalyzerSettings defaults() {
    return from(Config.of(java.util.Map.of()));
  }

  /** These settings with file: URIs allowed under the given directory. */
  public AnalyzerSettings withFileBaseDir(Path dir) {
    return withSources(Optional.of(dir), allowedHosts, allowPrivateAddresses);
  }

  /** These settings with http(s): URIs allowed to the given hosts. */
  public AnalyzerSettings withAllowedHosts(Set<String> hosts, boolean allowPrivate) {
    return withSources(fileBaseDir, hosts(String.join(",", hosts)), allowPrivate);
  }

  /** These settings with other places an image may be read from. */
  private AnalyzerSettings withSources(
      Optional<Path> baseDir, Set<String> hosts, boolean allowPrivate) {
    return new AnalyzerSettings(
        maxImageBytes,
        maxPixels,
        maxSide,
        baseDir,
        hosts,
        allowPrivate,
        uriTimeout,
        repairAttempts,
        visionModel,
        bookBudget,
        models,
        maxPictures);
  }

  private static Set<String> hosts(String raw) {
    return Arrays.stream(raw.split(","))
        .map(h -> h.strip().toLowerCase(Locale.ROOT))
        .filter(h -> !h.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
