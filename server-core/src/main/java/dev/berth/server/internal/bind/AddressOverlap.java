package dev.berth.server.internal.bind;

import dev.berth.server.internal.ApiAccess;
import dev.berth.server.Endpoint;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.TcpEndpoint;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which two TCP listens on one explicit port can never both succeed: the same address, a
 * wildcard and an address of its family, and {@code [::]} with any IPv4 address when the
 * kernel makes IPv6 wildcards dual-stack ({@code /proc/sys/net/ipv6/bindv6only} = 0, the
 * Linux default). Within one server such a pair is a usage error, because no retry can
 * ever heal it; across servers it is "address in use".
 */
public final class AddressOverlap {

  private static final Path BINDV6ONLY = Path.of("/proc/sys/net/ipv6/bindv6only");

  private AddressOverlap() {}

  /** Whether listens on {@code a} and {@code b} (same explicit port) conflict. */
  public static boolean overlaps(InetAddress a, InetAddress b) {
    if (a.equals(b)) {
      return true;
    }
    return covers(a, b) || covers(b, a);
  }

  private static boolean covers(InetAddress wildcard, InetAddress other) {
    if (!wildcard.isAnyLocalAddress()) {
      return false;
    }
    if (wildcard instanceof Inet4Address) {
      return other instanceof Inet4Address;
    }
    return other instanceof Inet6Address || !v6Only();
  }

  /** Linux's default for sockets that do not set IPV6_V6ONLY (neither the JDK nor Netty does). */
  public static boolean v6Only() {
    try {
      return Files.readString(BINDV6ONLY).trim().equals("1");
    } catch (IOException | RuntimeException e) {
      return false; // not Linux, or no IPv6: the dual-stack assumption is the cautious one
    }
  }

  /** The address of an IP-literal endpoint (no lookup), or empty for a name. */
  public static Optional<InetAddress> literal(TcpEndpoint endpoint) {
    if (!endpoint.isIpLiteral()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(HostSyntax.bracketIfV6(endpoint.host())));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Why the two cannot bind together, in words for the usage line. */
  public static String why(InetAddress a, InetAddress b) {
    if (a.equals(b)) {
      return "both are " + text(a);
    }
    boolean mixed = a.getClass() != b.getClass();
    if (mixed) {
      InetAddress v6 = a instanceof Inet6Address ? a : b;
      return text(v6) + " covers IPv4 addresses too (net.ipv6.bindv6only is 0)";
    }
    return text(a.isAnyLocalAddress() ? a : b) + " covers every address of its family";
  }

  public static String text(InetAddress address) {
    return address instanceof Inet6Address ? HostSyntax.compress(address.getAddress()) : address.getHostAddress();
  }

  /**
   * Rejects the first pair of endpoints in the list whose (known) addresses overlap on the
   * same explicit port; {@code addresses} gives each endpoint's address, or null if unknown.
   */
  public static void requireNoOverlap(List<Endpoint> endpoints, List<InetAddress> addresses) {
    for (int i = 0; i < endpoints.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (!(endpoints.get(i) instanceof TcpEndpoint a) || !(endpoints.get(j) instanceof TcpEndpoint b)
            || a.port() == 0 || a.port() != b.port() || addresses.get(i) == null || addresses.get(j) == null) {
          continue;
        }
        InetAddress x = addresses.get(i);
        InetAddress y = addresses.get(j);
        if (overlaps(x, y)) {
          String resolved = (a.isIpLiteral() ? "" : a.host() + " resolves to " + text(x) + "; ")
              + (b.isIpLiteral() ? "" : b.host() + " resolves to " + text(y) + "; ");
          throw ApiAccess.get().invalidEndpoint(a.toString(), "overlaps " + b + ": " + resolved + why(x, y)
              + ", so one server can never listen on both", "keep one of them, or give them different ports");
        }
      }
    }
  }
}
