package io.fablestream.analyzer;

import static io.fablestream.analyzer.IntakeException.shorten;
import static io.fablestream.analyzer.IntakeException.uriRejected;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Reads the bytes behind an image URI, within the rules that keep a submitted URI from reading the
 * server's files or reaching its network: {@code file:} URIs go to {@link FileImageReader},
 * confined to the configured directory; {@code http(s):} URIs to {@link HttpImageFetcher}, which
 * reaches only allowed hosts at the public addresses it checked; any other scheme is refused.
 */
final class ImageFetcher {
  private final FileImageReader files;
  private final HttpImageFetcher http;

  ImageFetcher(AnalyzerSettings settings) {
    this(settings, InetAddress::getAllByName);
  }

  /** A fetcher whose host names resolve through the given resolver (tests use their own). */
  ImageFetcher(AnalyzerSettings settings, HostGuard.Resolver resolver) {
    ByteLimit limit = new ByteLimit(settings.maxImageBytes());
    this.files = new FileImageReader(settings.fileBaseDir(), limit);
    this.http =
        new HttpImageFetcher(
            new HostGuard(settings.allowedHosts(), settings.allowPrivateAddresses(), resolver),
            settings.uriTimeout(),
            limit);
  }

  /** The bytes behind the URI, at most the configured limit. */
  byte[] fetch(String rawUri) throws IntakeException {
    URI uri;
    try {
      uri = new URI(rawUri.strip());
    } catch (URISyntaxException e) {
      throw uriRejected(
          "The image URI '" + shorten(rawUri) + "' is not a valid URI: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file" -> files.read(uri);
      case "http", "https" -> http.fetch(uri);
      default ->
          throw uriRejected(
              "The image URI '"
                  + shorten(rawUri)
                  + "' has scheme '"
                  + scheme
                  + "'; only file: and http(s): URIs are read. Send the image inline in"
                  + " image.data instead.");
    };
  }
}
