package dev.berth.server.internal.bind;

import dev.berth.server.internal.metrics.MetricsWiring;
import dev.berth.server.internal.ApiAccess;
import dev.berth.server.internal.engine.ServerOptionsAssembly;
import dev.berth.server.internal.http1.StrictFraming;
import dev.berth.server.internal.inherit.InheritingTransport;
import dev.berth.server.BindFailure;
import dev.berth.server.BindOutcome;
import dev.berth.server.Endpoint;
import dev.berth.server.FailureReason;
import dev.berth.server.InheritedEndpoint;
import dev.berth.server.TcpEndpoint;
import dev.berth.server.UnixEndpoint;
import dev.berth.server.internal.engine.ListenerSet;
import dev.berth.server.internal.engine.Log;
import dev.berth.server.internal.engine.ServerSettings;
import dev.berth.server.internal.engine.StartGate;
import dev.berth.server.internal.inherit.InheritedSockets;
import dev.berth.server.internal.limits.FloodGuard;
import dev.berth.server.internal.tls.TlsEndpoints;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Binds one endpoint of a start: retries while the address is in use (as configured),
 * claims a TCP address before listening so no other server of the Vert.x instance can
 * join it, listens with every instance, publishes a unix socket under its real name, and
 * records whatever it opened in the {@link ListenerSet}. Each endpoint kind has its own
 * listen path ({@link #bindOnce}).
 */
public final class EndpointBinder {

  private static final Logger LOG = Log.of(EndpointBinder.class);
  /** Vert.x's negative sharing keys: a fresh one per port-0 endpoint served by several instances. */
  private static final AtomicInteger SHARED_EPHEMERAL_KEYS = new AtomicInteger(1000);

  private final Vertx vertx;
  private final ServerSettings settings;
  private final HttpServerOptions serverOptions;
  private final TlsEndpoints tls;
  private final StartGate gate;
  private final ListenerSet listeners;
  private final Object owner;
  private final FloodGuard flood;
  private final InheritedSockets inherited;
  /** The metrics' handlers, when the server has metrics: see {@link #listenAll}. */
  private final Handler<HttpServerRequest> metricsFront;
  private final IntConsumer refusals;

  public EndpointBinder(Vertx vertx, ServerSettings settings, HttpServerOptions serverOptions, TlsEndpoints tls, StartGate gate,
      ListenerSet listeners, Object owner, InheritedSockets inherited, FloodGuard flood, IntConsumer refusals) {
    this.refusals = refusals;
    this.metricsFront = settings.metrics() != null && settings.metrics().endpoint().isPresent()
        ? gate.beside(MetricsWiring.scrapeHandler(settings.metrics().registry())) : null;
    this.inherited = inherited;
    this.vertx = vertx;
    this.settings = settings;
    this.serverOptions = serverOptions;
    this.tls = tls;
    this.gate = gate;
    this.listeners = listeners;
    this.owner = owner;
    this.flood = flood;
  }

  /** @param address the TCP endpoint's resolved address (null for a unix endpoint) */
  public Future<BindOutcome> bind(Endpoint endpoint, InetAddress address) {
    return bindWithRetries(endpoint, address, 1);
  }

  private Future<BindOutcome> bindWithRetries(Endpoint endpoint, InetAddress address, int attempt) {
    Future<BindOutcome> once;
    try {
      once = bindOnce(endpoint, address);
    } catch (RuntimeException e) {
      once = Future.failedFuture(e);
    }
    return once.recover(e -> Future.succeededFuture(ApiAccess.get().failed(endpoint, BindFailureClassifier.classify(endpoint, e))))
        .compose(outcome -> {
          if (!(outcome instanceof BindOutcome.Failed failed)) {
            return Future.succeededFuture(ApiAccess.get().withAttempts((BindOutcome.Bound) outcome, attempt));
          }
          BindFailure failure = ApiAccess.get().withAttempts(failed.failure(), attempt);
          if (failure.reason() != FailureReason.ADDRESS_IN_USE) {
            return Future.succeededFuture(ApiAccess.get().failed(endpoint, failure));
          }
          if (attempt <= settings.bindRetries()) {
            LOG.log(Level.DEBUG, "{0}: address in use, attempt {1} of {2}; retrying in {3}",
                endpoint, attempt, settings.bindRetries() + 1, settings.bindRetryDelay());
            try {
              settings.retryListener().accept(endpoint, failure);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "{0}: the retry listener threw: {1}", endpoint, e);
            }
            return vertx.timer(Math.max(1, settings.bindRetryDelay().toMillis()))
                .compose(x -> bindWithRetries(endpoint, address, attempt + 1));
          }
          if (failure.holder() != null) {
            return Future.succeededFuture(ApiAccess.get().failed(endpoint, failure));
          }
          return vertx.executeBlocking(() -> withHolder(endpoint, failure), false)
              .map(f -> (BindOutcome) ApiAccess.get().failed(endpoint, f));
        });
  }

  public static BindFailure withHolder(Endpoint endpoint, BindFailure failure) {
    return HolderLookup.holderOf(endpoint).map(h -> ApiAccess.get().withHolder(failure, h, Hints.withHolder(endpoint, h))).orElse(failure);
  }

  /** One attempt, by endpoint kind: the hook for a new kind of endpoint is here. */
  private Future<BindOutcome> bindOnce(Endpoint endpoint, InetAddress address) {
    if (endpoint instanceof UnixEndpoint unix) {
      return bindUnix(unix);
    }
    if (endpoint instanceof InheritedEndpoint socket) {
      return bindInherited(socket);
    }
    return bindTcp((TcpEndpoint) endpoint, address);
  }

  /** A socket handed over: validated already; served through its marker (see InheritingTransport). */
  private Future<BindOutcome> bindInherited(InheritedEndpoint socket) {
    BindFailure problem = inherited.problem(socket, vertx);
    if (problem != null) {
      return Future.succeededFuture(ApiAccess.get().failed(socket, problem));
    }
    SocketAddress marker = inherited.marker(socket, serverOptions.isTcpNoDelay());
    return listenAll(socket, s -> s.listen(marker), null, null, () -> { });
  }

  private Future<BindOutcome> bindUnix(UnixEndpoint unix) {
    return vertx.executeBlocking(() -> UnixSocketProbe.prepare(unix), false).compose(problem -> {
      if (problem.isPresent()) {
        return Future.succeededFuture(ApiAccess.get().failed(unix, problem.get()));
      }
      // Bind under a private name, then link it into place: see UnixSocketPublisher.
      Path privateName = UnixSocketPublisher.privateNameFor(unix.path().toAbsolutePath());
      SocketAddress requested = SocketAddress.domainSocketAddress(privateName.toString());
      return listenAll(unix, s -> s.listen(requested), null, privateName, () -> { });
    });
  }

  private Future<BindOutcome> bindTcp(TcpEndpoint tcp, InetAddress address) {
    String host = AddressOverlap.text(address);
    Runnable release = () -> { };
    if (tcp.port() != 0) {
      ListenClaims claims = ListenClaims.of(vertx);
      var holder = claims.claim(vertx, address, tcp.port(), owner);
      if (holder.isPresent()) {
        // Vert.x would join the other server's socket and split traffic; we refuse.
        return Future.succeededFuture(ApiAccess.get().failed(tcp, InProcessConflict.failure(tcp, holder.get())));
      }
      release = () -> claims.release(address, tcp.port(), owner);
    }
    // HttpServer.listen(int, String) accepts Vert.x's negative sharing keys; SocketAddress does not.
    int key = tcp.port() == 0 && settings.instances() > 1 ? -SHARED_EPHEMERAL_KEYS.incrementAndGet() : tcp.port();
    return listenAll(tcp, s -> s.listen(key, host), host, null, release);
  }

  /** Binds the first server, then the other instances on the same key (the one deliberate sharing). */
  private Future<BindOutcome> listenAll(Endpoint endpoint, Function<HttpServer, Future<HttpServer>> unguarded,
      String host, Path privateName, Runnable release) {
    // The flood guard is in place on the listening socket before the bind is reported.
    Function<HttpServer, Future<HttpServer>> listen = s -> unguarded.apply(s).compose(flood::listening);
    HttpServerOptions options = tls.optionsFor(endpoint, serverOptions);
    // The metrics endpoint is a listener like the others (limits, framing, all-or-none), with its own handler.
    Handler<HttpServerRequest> front = settings.isMetricsEndpoint(endpoint) ? metricsFront : gate;
    HttpServer first = flood.prepare(StrictFraming.createServer(vertx, options, settings.maxBodySize(), refusals), front);
    return listen.apply(first).compose(server -> {
      List<Future<HttpServer>> more = new ArrayList<>();
      for (int i = 1; i < settings.instances(); i++) {
        more.add(listen.apply(flood.prepare(StrictFraming.createServer(vertx, options, settings.maxBodySize(), refusals), front)));
      }
      return Future.join(more).transform(ar -> {
        List<HttpServer> servers = new ArrayList<>();
        servers.add(first);
        more.stream().filter(Future::succeeded).map(Future::result).forEach(servers::add);
        tls.track(endpoint, servers);
        return Future.succeededFuture(recordListener(endpoint, servers, ar.failed() ? ar.cause() : null, host, privateName, release));
      });
    }, error -> {
      release.run();
      return Future.succeededFuture(ApiAccess.get().failed(endpoint, BindFailureClassifier.classify(endpoint, error)));
    });
  }

  private BindOutcome recordListener(Endpoint endpoint, List<HttpServer> servers, Throwable instanceError,
      String host, Path privateName, Runnable release) {
    Path socketFile = null;
    Object socketKey = null;
    BindFailure publishFailure = null;
    if (endpoint instanceof UnixEndpoint unix && instanceError == null) {
      socketFile = unix.path().toAbsolutePath();
      applyPermissions(privateName);
      publishFailure = UnixSocketPublisher.publish(unix, privateName).orElse(null);
      socketKey = publishFailure == null ? UnixSocketProbe.fileKey(socketFile) : null;
    }
    listeners.add(new ListenerSet.Listener(endpoint, servers, socketFile, socketKey, release));
    if (instanceError != null) {
      return ApiAccess.get().failed(endpoint, BindFailureClassifier.classify(endpoint, instanceError));
    }
    if (publishFailure != null) {
      return ApiAccess.get().failed(endpoint, publishFailure);
    }
    if (endpoint instanceof InheritedEndpoint socket) {
      return inherited.served(socket, settings.instances());
    }
    int port = host == null ? -1 : servers.get(0).actualPort();
    String text = host == null ? Endpoint.UNIX_PREFIX + socketFile : HostSyntax.bracketIfV6(host) + ":" + port;
    LOG.log(Level.DEBUG, "{0}: bound {1}", endpoint, text);
    return ApiAccess.get().bound(endpoint, text, port, 1, settings.instances(), host != null && ServerOptionsAssembly.tls(settings, endpoint));
  }

  private void applyPermissions(Path socketFile) {
    try {
      Files.setPosixFilePermissions(socketFile, settings.socketPermissions());
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.WARNING, "{0}: could not set permissions {1}: {2}", socketFile,
          PosixFilePermissions.toString(settings.socketPermissions()), e);
    }
  }
}
