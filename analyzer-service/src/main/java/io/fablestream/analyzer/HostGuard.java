package io.fablestream.analyzer;

import static io.fablestream.analyzer.IntakeException.shorten;
import static io.fablestream.analyzer.IntakeException.uriRejected;
import static io.fablestream.analyzer.IntakeException.uriUnreachable;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which hosts an {@code http(s):} image URI may reach, and at which addresses: the host
 * must be in {@code analyzer.http.allowed.hosts}; it is resolved once, and unless {@code
 * analyzer.http.allow.private.addresses} is set, every address it resolves to must be public. The
 * addresses it returns are the only ones the fetch may connect to, so a name that answers
 * differently the next time it is asked (DNS rebinding) gains nothing.
 */
final class HostGuard {
  /** How a host name becomes addresses; the system resolver in production. */
  @FunctionalInterface
  interface Resolver {
    /** Every address of the host, as {@link InetAddress#getAllByName} gives them. */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /**
   * A host that passed the guard, and the addresses it was checked at.
   *
   * @param name the host as the URI names it, without IPv6 brackets, lowercase
   * @param addresses the addresses the host resolved to, every one of them checked
   */
  record CheckedHost(String name, List<InetAddress> addresses) {
    CheckedHost {
      addresses = List.copyOf(addresses);
    }

    /** Whether a host name (as a URI or an HTTP client spells it) is this host. */
    boolean is(String host) {
      return name.equals(bare(host));
    }
  }

  private final Set<String> allowedHosts;
  private final boolean allowPrivateAddresses;
  private final Resolver resolver;

  HostGuard(Set<String> allowedHosts, boolean allowPrivateAddresses, Resolver resolver) {
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.allowPrivateAddresses = allowPrivateAddresses;
    this.resolver = resolver;
  }

  /** Checks the URI's host against the allowed list, resolves it once and checks each address. */
  CheckedHost check(URI uri) throws IntakeException {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw uriRejected("The image URI '" + shorten(uri.toString()) + "' names no host.");
    }
    String name = bare(host);
    if (!allowedHosts.contains(name)) {
      throw uriRejected(
          "The image URI's host "
              + host
              + " is not one this server reads images from"
              + (allowedHosts.isEmpty()
                  ? " (http(s): URIs are turned off). Send the image inline in image.data, or"
                      + " ask the operator to list the host in analyzer.http.allowed.hosts."
                  : "; allowed hosts are "
                      + String.join(", ", allowedHosts.stream().sorted().toList())
                      + ". Send the image inline in image.data instead."));
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(name);
    } catch (UnknownHostException e) {
      throw uriUnreachable("The image URI's host " + host + " is not known to DNS. Check the URI.");
    }
    if (addresses == null || addresses.length == 0) {
      throw uriUnreachable("The image URI's host " + host + " is not known to DNS. Check the URI.");
    }
    if (!allowPrivateAddresses) {
      for (InetAddress address : addresses) {
        if (isInternal(address)) {
          throw uriRejected(
              "The image URI's host "
                  + host
                  + " resolves to the internal address "
                  + address.getHostAddress()
                  + "; this server does not read images from internal addresses"
                  + " (analyzer.http.allow.private.addresses is false).");
        }
      }
    }
    return new CheckedHost(name, List.of(addresses));
  }

  /** Loopback, wildcard, link-local, private, multicast, CGNAT, benchmarking, unique local. */
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

  /** The host without IPv6 brackets, lowercase: how the allowed list spells it. */
  private static String bare(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.toLowerCase(Locale.ROOT);
  }
}
