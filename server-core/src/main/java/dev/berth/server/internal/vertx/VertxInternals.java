package dev.berth.server.internal.vertx;

import dev.berth.server.internal.engine.Log;
import dev.berth.server.internal.bind.AddressOverlap;
import dev.berth.server.internal.bind.HostSyntax;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.ServerID;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The places where Berth reaches into Vert.x internals, kept together so an upgrade
 * has one file to check. The first two exist because the public API hides facts Berth must
 * tell honestly: Vert.x (5.0.7, {@code NetServerImpl.listen}) silently shares a listener when
 * a second server in the same instance listens under the same key, {@code ServerID(port,
 * host text)}, and it resolves names only inside listen. The two channel accessors exist
 * because Vert.x 5.0.7 has no connection cap and no header deadline: Berth needs the
 * listening socket's Netty channel (to stop accepting at the cap, and to see accept errors
 * such as EMFILE before Netty logs them at the tail of the pipeline) and each connection's
 * channel (to answer 408 and close).
 */
public final class VertxInternals {

  private VertxInternals() {}

  /**
   * A listener registered in this Vert.x instance for an explicit port whose host overlaps
   * the given address (equal, or a wildcard covering it, or covered by it): its text.
   * Only hosts given as IP literals can be compared; Berth always listens on literals.
   */
  public static Optional<String> overlappingSharedListener(Vertx vertx, InetAddress address, int port) {
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

  /**
   * Runs {@code action} on an event-loop context of its own (the instance's next event loop,
   * round robin) and returns its result. A server serves its connections on the context it
   * listened from: {@code listen} called from a running event loop reuses that loop's context,
   * so {@code --instances N} listened one after the other from callbacks put every instance
   * on the same loop (measured: one busy event-loop thread with {@code --instances 2}). The
   * public route (a verticle deployed N times) would move the whole bind flow into
   * deployments; this is the one call it needs.
   */
  public static <T> Future<T> onOwnEventLoop(Vertx vertx, Supplier<Future<T>> action) {
    var context = ((VertxInternal) vertx).createEventLoopContext();
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  /** The transport implementation the instance runs on: to tell whether it can serve an inherited socket. */
  public static io.vertx.core.spi.transport.Transport transport(Vertx vertx) {
    return ((VertxInternal) vertx).transport();
  }

  /** Resolves a name with the instance's own resolver (hosts file, then its DNS servers). */
  public static Future<InetAddress> resolve(Vertx vertx, String host) {
    return ((VertxInternal) vertx).nameResolver().resolve(host);
  }

  /**
   * The Netty channel of an HTTP connection. No public route: {@link HttpConnection} hides
   * it, but every server connection of Vert.x 5.0.7 is a {@link ConnectionBase}. Empty for
   * any other implementation, so callers degrade instead of failing.
   */
  public static Optional<Channel> channelOf(HttpConnection connection) {
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
  public static Optional<Channel> serverChannel(HttpServer server) {
    try {
      Object tcpServer = field(server, "tcpServer");
      Object actual = field(tcpServer, "actualServer");
      Object bound = field(actual != null ? actual : tcpServer, "bindFuture");
      if (bound instanceof Future<?> future && future.succeeded() && future.result() instanceof Channel channel) {
        return Optional.of(channel);
      }
      return Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      Log.of(VertxInternals.class).log(System.Logger.Level.DEBUG, "cannot reach the listening channel of " + server + ": " + e);
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
}
