package io.fablestream.analyzer;

import static io.fablestream.analyzer.IntakeException.shorten;
import static io.fablestream.analyzer.IntakeException.uriRejected;
import static io.fablestream.analyzer.IntakeException.uriUnreachable;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.util.Timeout;

/**
 * Reads {@code http(s):} image URIs within the rules {@link HostGuard} sets, and connects to
 * exactly the addresses it checked. The JDK's HttpClient resolves a host again by itself when it
 * connects, so a name that answered with a public address for the check could answer with an
 * internal one for the connection; Apache HttpClient takes a {@link DnsResolver}, and the one given
 * here answers only with the checked addresses, while the Host header, TLS SNI and certificate
 * checks still use the URI's host name. Redirects are followed by hand and only on the same host
 * (so at the same checked addresses), at most {@value #MAX_REDIRECTS}; the byte limit is enforced
 * while reading.
 */
final class HttpImageFetcher {
  private static final int MAX_REDIRECTS = 3;

  private final HostGuard guard;
  private final Duration timeout;
  private final ByteLimit limit;
  private final TlsSocketStrategy tls = DefaultClientTlsStrategy.createDefault();

  HttpImageFetcher(HostGuard guard, Duration timeout, ByteLimit limit) {
    this.guard = guard;
    this.timeout = timeout;
    this.limit = limit;
  }

  /** The bytes behind the URI, at most the byte limit. */
  byte[] fetch(URI uri) throws IntakeException {
    HostGuard.CheckedHost host = guard.check(uri);
    CloseableHttpClient http = clientPinnedTo(host);
    try {
      URI current = uri;
      for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
        ClassicHttpResponse response = send(http, current);
        try {
          int status = response.getCode();
          if (status < 300 || status >= 400) {
            return readBody(current, response);
          }
          current = redirectTarget(uri, current, host, response);
        } finally {
          closeNow(response);
        }
      }
      throw uriUnreachable(theUri(uri) + " redirects more than " + MAX_REDIRECTS + " times.");
    } finally {
      http.close(CloseMode.IMMEDIATE);
    }
  }

  /**
   * A client for one fetch whose only way to a host's address is the checked list. One client per
   * fetch: it costs a connection pool object, and leaves no pinned address behind for another.
   */
  private CloseableHttpClient clientPinnedTo(HostGuard.CheckedHost host) {
    Timeout bound = Timeout.of(timeout);
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new PinnedResolver(host))
                .setTlsSocketStrategy(tls)
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(bound)
                        .setSocketTimeout(bound)
                        .build())
                .build())
        .setDefaultRequestConfig(
            RequestConfig.custom()
                .setConnectionRequestTimeout(bound)
                .setResponseTimeout(bound)
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .setProtocolUpgradeEnabled(false)
                .build())
        // Redirects are followed by hand, each hop checked; a GET is not retried behind our back;
        // no gzip, so Content-Length is what is read.
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableContentCompression()
        .disableCookieManagement()
        .build();
  }

  private ClassicHttpResponse send(CloseableHttpClient http, URI uri) throws IntakeException {
    try {
      return http.executeOpen(null, new HttpGet(uri), null);
    } catch (InterruptedIOException e) {
      throw uriUnreachable(
          theUri(uri) + " did not answer within " + timeout + " (analyzer.uri.timeout).");
    } catch (IOException e) {
      throw uriUnreachable("Cannot reach the image URI " + shorten(uri.toString()) + ": " + e);
    }
  }

  /** Where a redirect leads, if it stays on the checked host. */
  private static URI redirectTarget(
      URI original, URI current, HostGuard.CheckedHost host, ClassicHttpResponse response)
      throws IntakeException {
    Header location = response.getFirstHeader("Location");
    if (location == null) {
      throw uriUnreachable(
          theUri(current) + " answered " + response.getCode() + " with no Location.");
    }
    URI next;
    try {
      next = current.resolve(location.getValue());
    } catch (IllegalArgumentException e) {
      throw uriUnreachable(theUri(current) + " redirects to an invalid URI.");
    }
    if (next.getHost() == null || !host.is(next.getHost())) {
      throw uriRejected(
          theUri(original)
              + " redirects to another host ("
              + (next.getHost() == null ? shorten(location.getValue()) : next.getHost())
              + "); redirects may only stay on "
              + original.getHost()
              + ". Submit the final URI, if its host is allowed.");
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw uriRejected(theUri(original) + " redirects to a " + scheme + ": URI.");
    }
    return next;
  }

  private byte[] readBody(URI uri, ClassicHttpResponse response) throws IntakeException {
    if (response.getCode() != 200) {
      throw uriUnreachable(
          theUri(uri)
              + " answered HTTP "
              + response.getCode()
              + ". Check that the URI is right and the image is public to this server.");
    }
    String what = "The image at " + shorten(uri.toString());
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return new byte[0];
    }
    if (entity.getContentLength() > limit.max()) {
      throw limit.exceeded(what);
    }
    try {
      // Not closed here: closing the stream would read the rest of the body, however long.
      InputStream body = entity.getContent();
      return limit.read(body, what);
    } catch (IOException e) {
      throw uriUnreachable(
          "Reading the image URI " + shorten(uri.toString()) + " failed: " + e.getMessage());
    }
  }

  /**
   * Closes a response without reading what is left of its body: a graceful close drains it, and a
   * body past the limit, or an endless one, would hold the thread.
   */
  private static void closeNow(ClassicHttpResponse response) {
    if (response instanceof ModalCloseable closeable) {
      closeable.close(CloseMode.IMMEDIATE);
    } else {
      try {
        response.close();
      } catch (IOException e) {
        // The response is done with either way.
      }
    }
  }

  /** Answers for the checked host with its checked addresses, and for no other host. */
  private record PinnedResolver(HostGuard.CheckedHost host) implements DnsResolver {
    @Override
    public InetAddress[] resolve(String name) throws UnknownHostException {
      if (!host.is(name)) {
        throw new UnknownHostException(name + " is not the host this fetch checked");
      }
      return host.addresses().toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String name) throws UnknownHostException {
      resolve(name);
      return host.name();
    }
  }

  /** The image URI as the messages name it, shortened ({@link IntakeException#shorten}). */
  private static String theUri(URI uri) {
    return "The image URI " + shorten(uri.toString());
  }
}
