package io.fablestream.analyzer;

import io.fablestream.schemas.FailureReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the bytes behind an image URI, within the rules that keep a submitted URI from reading the
 * server's files or reaching its network: {@code file:} only under the configured base directory
 * (after resolving symlinks), {@code http(s):} only to allowed hosts that do not resolve to
 * internal addresses, redirects only to the same host, and the byte limit enforced while reading.
 */
final class ImageFetcher {
  private static final int MAX_REDIRECTS = 3;
  private static final int CHUNK = 64 * 1024;

  private final AnalyzerSettings settings;
  private final HttpClient http;

  ImageFetcher(AnalyzerSettings settings) {
    this.settings = settings;
    // Redirects are followed by hand, so each hop is checked against the rules.
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.uriTimeout())
            .build();
  }

  /** The bytes behind the URI, at most the configured limit. */
  byte[] fetch(String rawUri) throws IntakeException {
    URI uri;
    try {
      uri = new URI(rawUri.strip());
    } catch (java.net.URISyntaxException e) {
      throw rejected(
          "The image URI '" + shorten(rawUri) + "' is not a valid URI: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file" -> readFile(uri);
      case "http", "https" -> readHttp(uri);
      default ->
          throw rejected(
              "The image URI '"
                  + shorten(rawUri)
                  + "' has scheme '"
                  + scheme
                  + "'; only file: and http(s): URIs are read. Send the image inline in"
                  + " image.data instead.");
    };
  }

  /** Reads at most max bytes, failing as soon as the stream holds more. */
  static byte[] readLimited(InputStream in, long max, String what)
      throws IOException, IntakeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > max) {
        throw tooLarge(what, max);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  static IntakeException tooLarge(String what, long max) {
    return new IntakeException(
        FailureReason.IMAGE_TOO_LARGE,
        what
            + " is larger than the limit of "
            + max
            + " bytes (analyzer.max.image.bytes). Send a smaller image (a JPEG of a few"
            + " megabytes is plenty).");
  }

  private byte[] readFile(URI uri) throws IntakeException {
    Optional<Path> configured = settings.fileBaseDir();
    if (configured.isEmpty()) {
      throw rejected(
          "file: image URIs are turned off on this server. Send the image inline in image.data,"
              + " or ask the operator to set analyzer.file.base.dir.");
    }
    Path requested;
    try {
      requested = Path.of(uri).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw rejected("The image URI '" + shorten(uri.toString()) + "' is not a local file path.");
    }
    Path base = configured.get().toAbsolutePath().normalize();
    Path realBase;
    try {
      realBase = base.toRealPath();
    } catch (IOException e) {
      throw new IntakeException(
          FailureReason.IMAGE_URI_UNREACHABLE,
          "The image directory "
              + base
              + " (analyzer.file.base.dir) does not exist on this server; ask the operator to"
              + " create it or fix the setting.");
    }
    // Refuse paths outside the base before touching the file system, then again after resolving
    // symlinks, so neither ../ nor a link inside the base reaches outside it.
    if (!requested.startsWith(base) && !requested.startsWith(realBase)) {
      throw outsideBase(uri);
    }
    Path real;
    try {
      real = requested.toRealPath();
    } catch (NoSuchFileException e) {
      throw unreachable("There is no file " + requested + ". Check the image URI.");
    } catch (IOException e) {
      throw unreachable("Cannot read " + requested + ": " + e.getMessage());
    }
    if (!real.startsWith(realBase)) {
      throw outsideBase(uri);
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw unreachable(requested + " is not a regular file. Check the image URI.");
    }
    try {
      if (Files.size(real) > settings.maxImageBytes()) {
        throw tooLarge("The file " + requested, settings.maxImageBytes());
      }
      try (InputStream in =
          Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        return readLimited(in, settings.maxImageBytes(), "The file " + requested);
      }
    } catch (IOException e) {
      throw unreachable("Cannot read " + requested + ": " + e.getMessage());
    }
  }

  private byte[] readHttp(URI uri) throws IntakeException {
    URI current = uri;
    String host = checkHost(uri);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<InputStream> response = send(current);
      int status = response.statusCode();
      if (status >= 300 && status < 400) {
        closeQuietly(response.body());
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null) {
          throw unreachable(
              "The image URI "
                  + shorten(current.toString())
                  + " answered "
                  + status
                  + " with no Location.");
        }
        URI next = current.resolve(location);
        if (next.getHost() == null || !next.getHost().equalsIgnoreCase(host)) {
          throw rejected(
              "The image URI "
                  + shorten(uri.toString())
                  + " redirects to another host ("
                  + (next.getHost() == null ? location : next.getHost())
                  + "); redirects may only stay on "
                  + host
                  + ". Submit the final URI, if its host is allowed.");
        }
        checkHost(next);
        current = next;
        continue;
      }
      return readBody(current, response);
    }
    throw unreachable(
        "The image URI "
            + shorten(uri.toString())
            + " redirects more than "
            + MAX_REDIRECTS
            + " times.");
  }

  private byte[] readBody(URI uri, HttpResponse<InputStream> response) throws IntakeException {
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw unreachable(
            "The image URI "
                + shorten(uri.toString())
                + " answered HTTP "
                + response.statusCode()
                + ". Check that the URI is right and the image is public to this server.");
      }
      String what = "The image at " + shorten(uri.toString());
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > settings.maxImageBytes()) {
        throw tooLarge(what, settings.maxImageBytes());
      }
      return readLimited(body, settings.maxImageBytes(), what);
    } catch (IOException e) {
      throw unreachable(
          "Reading the image URI " + shorten(uri.toString()) + " failed: " + e.getMessage());
    }
  }

  private HttpResponse<InputStream> send(URI uri) throws IntakeException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.uriTimeout()).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (java.net.http.HttpTimeoutException e) {
      throw unreachable(
          "The image URI "
              + shorten(uri.toString())
              + " did not answer within "
              + settings.uriTimeout()
              + " (analyzer.uri.timeout).");
    } catch (IOException e) {
      throw unreachable("Cannot reach the image URI " + shorten(uri.toString()) + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("Interrupted while reading the image URI " + shorten(uri.toString()) + ".");
    }
  }

  /** Checks the URI's host against the allowed list and its addresses; returns the host. */
  private String checkHost(URI uri) throws IntakeException {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw rejected("The image URI '" + shorten(uri.toString()) + "' names no host.");
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!settings.allowedHosts().contains(bare.toLowerCase(Locale.ROOT))) {
      throw rejected(
          "The image URI's host "
              + host
              + " is not one this server reads images from"
              + (settings.allowedHosts().isEmpty()
                  ? " (http(s): URIs are turned off). Send the image inline in image.data, or"
                      + " ask the operator to list the host in analyzer.http.allowed.hosts."
                  : "; allowed hosts are "
                      + String.join(", ", settings.allowedHosts().stream().sorted().toList())
                      + ". Send the image inline in image.data instead."));
    }
    if (settings.allowPrivateAddresses()) {
      return host;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare);
    } catch (UnknownHostException e) {
      throw unreachable("The image URI's host " + host + " is not known to DNS. Check the URI.");
    }
    for (InetAddress address : addresses) {
      if (isInternal(address)) {
        throw rejected(
            "The image URI's host "
                + host
                + " resolves to the internal address "
                + address.getHostAddress()
                + "; this server does not read images from internal addresses"
                + " (analyzer.http.allow.private.addresses is false).");
      }
    }
    return host;
  }

  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] raw = address.getAddress();
    if (address instanceof Inet6Address) {
      return (raw[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }
    int first = raw[0] & 0xff;
    int second = raw[1] & 0xff;
    return first == 0 // "this network"
        || first == 100 && second >= 64 && second < 128 // carrier-grade NAT
        || first == 198 && (second == 18 || second == 19); // benchmarking
  }

  private static IntakeException outsideBase(URI uri) {
    return rejected(
        "The image URI '"
            + shorten(uri.toString())
            + "' points outside the image directory this server reads from"
            + " (analyzer.file.base.dir). Put the image there, or send it inline in image.data.");
  }

  private static IntakeException rejected(String message) {
    return new IntakeException(FailureReason.IMAGE_URI_REJECTED, message);
  }

  private static IntakeException unreachable(String message) {
    return new IntakeException(FailureReason.IMAGE_URI_UNREACHABLE, message);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // Nothing to do: the redirect's body is not needed.
    }
  }

  /** A URI as it may appear in a message: bounded, so a huge URI cannot flood a BookFailed. */
  static String shorten(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
