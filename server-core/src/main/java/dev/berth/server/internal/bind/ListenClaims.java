package dev.berth.server.internal.bind;

import dev.berth.server.internal.vertx.VertxInternals;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The (address, port) pairs that Berth servers on one Vert.x instance listen on, claimed
 * atomically before a listen starts. Vert.x silently joins a second listen to an existing
 * server whose key (port, host text) is the same, and registers that key only inside
 * listen; checking the key and then listening is therefore a race between two servers. A
 * claim closes it: whoever claims first listens, the other is told "address in use" by
 * Berth, whatever the host text was. Vert.x's own map is also checked, for overlapping
 * (not only equal) keys, so a server that an embedder started on the instance directly
 * counts too.
 */
public final class ListenClaims {

  private static final Map<Vertx, ListenClaims> BY_VERTX = Collections.synchronizedMap(new WeakHashMap<>());

  private record Claim(InetAddress address, int port, Object owner) {}

  private final List<Claim> claims = new ArrayList<>();

  /** The claims of one instance; kept only while the instance is (weakly keyed, no reference back). */
  public static ListenClaims of(Vertx vertx) {
    return BY_VERTX.computeIfAbsent(vertx, v -> new ListenClaims());
  }

  /**
   * Claims the pair for {@code owner}, or says who already listens on an overlapping one:
   * the text of that address and port.
   */
  public synchronized Optional<String> claim(Vertx vertx, InetAddress address, int port, Object owner) {
    for (Claim c : claims) {
      if (c.port() == port && c.owner() != owner && AddressOverlap.overlaps(c.address(), address)) {
        return Optional.of(HostSyntax.bracketIfV6(AddressOverlap.text(c.address())) + ":" + port);
      }
    }
    Optional<String> foreign = VertxInternals.overlappingSharedListener(vertx, address, port);
    if (foreign.isPresent()) {
      return foreign;
    }
    claims.add(new Claim(address, port, owner));
    return Optional.empty();
  }

  public synchronized void release(InetAddress address, int port, Object owner) {
    claims.removeIf(c -> c.port() == port && c.owner() == owner && c.address().equals(address));
  }
}
