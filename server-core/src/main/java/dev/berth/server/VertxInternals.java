package dev.berth.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ServerID;
import java.net.InetAddress;

/**
 * The places where Berth reaches into Vert.x internals, kept together so an upgrade
 * has one file to check. Both exist because the public API hides facts Berth must tell
 * honestly: Vert.x silently shares a listener when a second server in the same instance
 * listens on the same (host, port) key, and it resolves names only inside listen.
 */
final class VertxInternals {

  private VertxInternals() {}

  /** Whether a server in this Vert.x instance already listens under this exact key. */
  static boolean sharedListenerExists(Vertx vertx, String host, int port) {
    var servers = ((VertxInternal) vertx).sharedTcpServers();
    synchronized (servers) {
      return servers.containsKey(new ServerID(port, host));
    }
  }

  /** The transport implementation the instance runs on: to tell whether it can serve an inherited socket. */
  static io.vertx.core.spi.transport.Transport transport(Vertx vertx) {
    return ((VertxInternal) vertx).transport();
  }

  /** Resolves a name with the instance's own resolver (hosts file, then its DNS servers). */
  static Future<InetAddress> resolve(Vertx vertx, String host) {
    return ((VertxInternal) vertx).nameResolver().resolve(host);
  }
}
