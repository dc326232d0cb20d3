package dev.berth.server.internal.bind;

import dev.berth.server.internal.ApiAccess;
import dev.berth.server.BerthServer;
import dev.berth.server.Endpoint;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.TcpEndpoint;
import java.net.InetAddress;
import java.util.List;

/** Checks over a whole list of endpoints, as given for one start. */
public final class Endpoints {

  private Endpoints() {}

  /**
   * Rejects endpoints that one server can never bind together: one listed twice (same
   * canonical text; every port 0 is distinct), or two IP literals on the same explicit port
   * whose addresses overlap ({@code 0.0.0.0:8080} and {@code 127.0.0.1:8080}; {@code [::]:8080}
   * and {@code 0.0.0.0:8080} where IPv6 wildcards are dual-stack). Overlaps that show only
   * once a host name resolves are found by {@link BerthServer#start()}, before any bind.
   *
   * @param endpoints as given for one start
   * @throws InvalidEndpointException naming the duplicate, or both overlapping endpoints
   */
  public static void requireDistinct(List<Endpoint> endpoints) {
    for (int i = 0; i < endpoints.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (endpoints.get(i).duplicates(endpoints.get(j))) {
          throw ApiAccess.get().invalidEndpoint(endpoints.get(i).toString(), "listed more than once",
              "give each endpoint once (use port 0 more than once for several free ports)");
        }
      }
    }
    AddressOverlap.requireNoOverlap(endpoints, endpoints.stream()
        .map(e -> e instanceof TcpEndpoint tcp ? AddressOverlap.literal(tcp).orElse(null) : (InetAddress) null)
        .toList());
  }
}
