package dev.berth.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ServerID;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two places where Berth reaches into Vert.x internals, kept together so an upgrade
 * has one file to check. Both exist because the public API hides facts Berth must tell
 * honestly: Vert.x (5.0.7, {@code NetServerImpl.listen}) silently shares a listener when a
 * second server in the same instance listens under the same key, {@code ServerID(port,
 * host text)}, and it resolves names only inside listen.
 */
final class VertxInternals {

  private VertxInternals() {}

  /**
   * A listener registered in this Vert.x instance for an explicit port whose host overlaps
   * the given address (equal, or a wildcard covering it, or covered by it): its text.
   * Only hosts given as IP literals can be compared; Berth always listens on literals.
   */
  static Optional<String> overlappingSharedListener(Vertx vertx, InetAddress address, int port) {
    var servers = ((VertxInternal) vertx).sharedTcpServers();
    List<ServerID> ids;
    synchronized (servers) {
      ids = new ArrayList<>(servers.keySet());
    }
    for (ServerID id : ids) {
      if (id.port() != port || id.host() == null) {
        continue;
      }
      Optional<InetAddress> other = literal(id.host());
      if (other.isPresent() && AddressOverlap.overlaps(other.get(), address)) {
        return Optional.of(HostSyntax.bracketIfV6(id.host()) + ":" + port);
      }
    }
    return Optional.empty();
  }

  private static Optional<InetAddress> literal(String host) {
    if (!HostSyntax.isIpv4(host) && !HostSyntax.looksLikeIpv6(host)) {
      return Optional.empty(); // a name (or a unix path): comparing it would need a lookup
    }
    try {
      return Optional.of(InetAddress.getByName(host.indexOf(':') >= 0 ? "[" + host + "]" : host));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Resolves a name with the instance's own resolver (hosts file, then its DNS servers). */
  static Future<InetAddress> resolve(Vertx vertx, String host) {
    return ((VertxInternal) vertx).nameResolver().resolve(host);
  }
}
