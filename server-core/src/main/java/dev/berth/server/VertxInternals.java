package dev.berth.server;

import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.ServerID;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The places where Berth reaches into Vert.x internals, kept together so an upgrade
 * has one file to check. The first two exist because the public API hides facts Berth must tell
 * honestly: Vert.x silently shares a listener when a second server in the same instance
 * listens on the same (host, port) key, and it resolves names only inside listen.
 * The two channel accessors exist because Vert.x 5.0.7 has no connection cap and no
 * header deadline: Berth needs the listening socket's Netty channel (to stop accepting at
 * the cap, and to see accept errors such as EMFILE before Netty logs them at the tail of
 * the pipeline) and each connection's channel (to answer 408 and close).
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

  /** Resolves a name with the instance's own resolver (hosts file, then its DNS servers). */
  static Future<InetAddress> resolve(Vertx vertx, String host) {
    return ((VertxInternal) vertx).nameResolver().resolve(host);
  }

  /**
   * The Netty channel of an HTTP connection. No public route: {@link HttpConnection} hides
   * it, but every server connection of Vert.x 5.0.7 is a {@link ConnectionBase}. Empty for
   * any other implementation, so callers degrade instead of failing.
   */
  static Optional<Channel> channelOf(HttpConnection connection) {
    return connection instanceof ConnectionBase base ? Optional.of(base.channel()) : Optional.empty();
  }

  /**
   * The listening channel behind a bound HTTP server. No public route: the server holds its
   * TCP server in the private field {@code HttpServerImpl.tcpServer}; that one (or, for an
   * instance sharing a listener, its {@code actualServer}) holds the bind result in the
   * private field {@code NetServerImpl.bindFuture}. Empty, with the reason, when this Vert.x
   * is laid out differently or the fields are not accessible (a module path that does not
   * open io.vertx.core).
   */
  static Optional<Channel> serverChannel(HttpServer server) {
    try {
      Object tcpServer = field(server, "tcpServer");
      Object actual = field(tcpServer, "actualServer");
      Object bound = field(actual != null ? actual : tcpServer, "bindFuture");
      if (bound instanceof Future<?> future && future.succeeded() && future.result() instanceof Channel channel) {
        return Optional.of(channel);
      }
      return Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LogHolder.LOG.debug("cannot reach the listening channel of {}: {}", server, e.toString());
      return Optional.empty();
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
      try {
        java.lang.reflect.Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
      } catch (NoSuchFieldException e) {
        // try the superclass
      }
    }
    throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
  }

  private static final class LogHolder {
    static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(VertxInternals.class);
  }
}
