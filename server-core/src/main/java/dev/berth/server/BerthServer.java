package dev.berth.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An HTTP server on one or more endpoints that binds all of them or none, says exactly
 * where it listens, and says exactly why when it cannot.
 *
 * <pre>{@code
 * BerthServer server = BerthServer.builder()
 *     .bind("127.0.0.1:0")
 *     .handler(request -> request.response().end("hello"))
 *     .build();
 * BindReport report = server.startAndWait();
 * }</pre>
 *
 * <p>A bind failure is a value, not an exception: {@link #start()} completes with a
 * {@link BindReport} whether or not every endpoint bound. Only an application that fails
 * to start fails the future ({@link ApplicationStartException}). Invalid or duplicate
 * endpoints are rejected by {@link Builder#build()}, before anything is bound.
 */
public final class BerthServer {

  /** Loaded on first use, so a start that fails in the probe never initialises logging. */
  private static final class Log {
    static final Logger LOG = LogManager.getLogger(BerthServer.class);
  }
  /** Default for {@link Builder#idleTimeout}. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** Default for {@link Builder#maxBodySize}. */
  public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;
  private static final java.util.concurrent.atomic.AtomicInteger SHARED_EPHEMERAL_KEYS = new java.util.concurrent.atomic.AtomicInteger(1000);

  private enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED, FAILED }

  private final Vertx givenVertx;
  /**
   * The builder's settings, turned into Vert.x option objects only in {@link #start()}
   * after the probe: creating them loads Netty, whose static set-up starts logging, which a
   * start that fails in the probe need not pay for.
   */
  private final Builder settings;
  private final List<Endpoint> endpoints;
  private final BerthApplication application;
  private final int instances;
  private final int bindRetries;
  private final Duration bindRetryDelay;
  private HttpServerOptions serverOptions;
  private final Set<PosixFilePermission> socketPermissions;
  private final java.util.function.BiConsumer<Endpoint, BindFailure> retryListener;
  private final boolean preflight;
  private final StartGate gate;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

  private volatile Vertx vertx;
  /** This start's sockets handed over by systemd or a parent (none for most servers). */
  private InheritedSockets inherited;
  private volatile BindReport report;
  private final List<Listener> listeners = new ArrayList<>();

  /** The servers bound for one endpoint (one per instance) and the socket file we created. */
  private record Listener(Endpoint endpoint, List<HttpServer> servers, Path socketFile, Object socketKey) {}

  private BerthServer(Builder b) {
    this.givenVertx = b.vertx;
    this.settings = b;
    this.endpoints = List.copyOf(b.endpoints);
    this.application = b.application;
    this.instances = b.instances;
    this.bindRetries = b.bindRetries;
    this.bindRetryDelay = b.bindRetryDelay;
    this.socketPermissions = b.socketPermissions;
    this.gate = new StartGate(b.maxBodySize);
    this.retryListener = b.retryListener;
    this.preflight = b.preflight;
  }

  /** A builder; at least one endpoint and a handler or application are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds every endpoint, then starts the application, then serves. Completes with the
   * report: check {@link BindReport#succeeded()}. On failure nothing is left bound (and a
   * Vert.x instance this server created is closed).
   */
  public Future<BindReport> start() {
    if (!state.compareAndSet(State.NEW, State.STARTING)) {
      return Future.failedFuture(new IllegalStateException("start() may be called once; this server is " + state.get()));
    }
    inherited = InheritedSockets.resolve(endpoints);
    if (givenVertx == null && preflight && !inherited.any()) {
      // Before the event loops exist: a failure found here costs no Vert.x start-up.
      Optional<BindReport> early = Preflight.failureReport(endpoints, settings.reuseAddress(), settings.reusePort,
          bindRetries, settings.prefersNativeTransport() ? "epoll" : "nio");
      if (early.isPresent()) {
        report = early.get();
        state.set(State.FAILED);
        return Future.succeededFuture(report);
      }
    }
    serverOptions = settings.serverOptions();
    vertx = givenVertx != null ? givenVertx : inherited.vertxBuilder(settings.vertxOptions(), settings.prefersNativeTransport()).build();
    Promise<BindReport> result = Promise.promise();
    Handler<HttpServerRequest> handler;
    try {
      handler = Objects.requireNonNull(application.requestHandler(vertx), "requestHandler(vertx) returned null");
    } catch (RuntimeException e) {
      BindReport none = new BindReport(List.of(), transport(), Instant.now(), Duration.ZERO);
      state.set(State.FAILED);
      releaseVertx().onComplete(x -> result.fail(new ApplicationStartException(
          "the application failed to build its request handler: " + e, e, none)));
      return result.future();
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<Future<BindOutcome>> attempts = new ArrayList<>();
    for (Endpoint endpoint : inherited.endpoints()) {
      attempts.add(bindWithRetries(endpoint, 1));
    }
    Future.join(attempts).onComplete(all -> {
      List<BindOutcome> outcomes = attempts.stream().map(Future::result).toList();
      BindReport bindReport = new BindReport(outcomes, transport(), started, Duration.ofNanos(System.nanoTime() - t0));
      if (!bindReport.succeeded()) {
        closeListeners(Duration.ZERO).compose(x -> releaseVertx()).onComplete(x -> {
          report = new BindReport(outcomes, bindReport.transport(), started, Duration.ofNanos(System.nanoTime() - t0));
          state.set(State.FAILED);
          result.complete(report);
        });
        return;
      }
      report = bindReport;
      Future<Void> appStarted;
      try {
        appStarted = application.start(this);
      } catch (RuntimeException e) {
        appStarted = Future.failedFuture(e);
      }
      appStarted.onComplete(ar -> {
        if (ar.succeeded()) {
          inherited.startAccepting();
          gate.open(handler);
          state.set(State.RUNNING);
          result.complete(bindReport);
        } else {
          closeListeners(Duration.ZERO).compose(x -> releaseVertx()).onComplete(x -> {
            state.set(State.FAILED);
            result.fail(new ApplicationStartException("the application failed to start: " + ar.cause(), ar.cause(), bindReport));
          });
        }
      });
    });
    return result.future();
  }

  /**
   * Blocking {@link #start()}, for code not on a Vert.x thread.
   *
   * @throws ApplicationStartException when the application's start failed
   */
  public BindReport startAndWait() {
    if (Context.isOnVertxThread()) {
      throw new IllegalStateException("startAndWait() would block a Vert.x thread; use start()");
    }
    return await(start());
  }

  /** The report of the last start, or null before one finished. */
  public BindReport report() {
    return report;
  }

  /** Where the server listens, one entry per endpoint, in the order given. Empty unless running. */
  public List<BindOutcome.Bound> addresses() {
    BindReport r = report;
    return state.get() == State.RUNNING && r != null ? r.bound() : List.of();
  }

  /** The first endpoint's actual TCP port. */
  public int port() {
    return addresses().stream().filter(b -> b.port() >= 0).findFirst()
        .orElseThrow(() -> new IllegalStateException("not listening on a TCP endpoint")).port();
  }

  /** The Vert.x instance (given, or created by this server). */
  public Vertx vertx() {
    return vertx;
  }

  /** Whether the server is serving requests. */
  public boolean isRunning() {
    return state.get() == State.RUNNING;
  }

  /**
   * Stops accepting, lets in-flight requests finish for up to {@code drainTimeout} (then
   * closes what is left), stops the application, removes socket files this server
   * created, and closes a Vert.x instance this server created. Safe to call more than once.
   */
  public Future<Void> stop(Duration drainTimeout) {
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
      return Future.succeededFuture();
    }
    return inherited.stopAccepting(vertx).eventually(() -> closeListeners(drainTimeout))
        .eventually(() -> application.stop().otherwiseEmpty())
        .eventually(this::releaseVertx)
        .onComplete(x -> state.set(State.STOPPED))
        .mapEmpty();
  }

  /** Blocking {@link #stop(Duration)}. */
  public void stopAndWait(Duration drainTimeout) {
    await(stop(drainTimeout));
  }

  private Future<BindOutcome> bindWithRetries(Endpoint endpoint, int attempt) {
    Future<BindOutcome> once;
    try {
      once = bindOnce(endpoint);
    } catch (RuntimeException e) {
      once = Future.failedFuture(e);
    }
    return once.recover(e -> Future.succeededFuture(new BindOutcome.Failed(endpoint, BindFailureClassifier.classify(endpoint, e))))
        .compose(outcome -> {
      if (outcome instanceof BindOutcome.Failed failed) {
        BindFailure failure = failed.failure().withAttempts(attempt);
        if (failure.reason() == FailureReason.ADDRESS_IN_USE && attempt <= bindRetries) {
          Log.LOG.debug("{}: address in use, attempt {} of {}; retrying in {}", endpoint, attempt, bindRetries + 1, bindRetryDelay);
          try {
            retryListener.accept(endpoint, failure);
          } catch (RuntimeException e) {
            Log.LOG.warn("{}: the retry listener threw: {}", endpoint, e.toString());
          }
          return vertx.timer(Math.max(1, bindRetryDelay.toMillis())).compose(x -> bindWithRetries(endpoint, attempt + 1));
        }
        if (failure.reason() == FailureReason.ADDRESS_IN_USE) {
          return vertx.executeBlocking(() -> withHolder(endpoint, failure), false)
              .map(f -> (BindOutcome) new BindOutcome.Failed(endpoint, f));
        }
        return Future.succeededFuture(new BindOutcome.Failed(endpoint, failure));
      }
      BindOutcome.Bound bound = (BindOutcome.Bound) outcome;
      return Future.succeededFuture(new BindOutcome.Bound(endpoint, bound.address(), bound.port(), attempt));
    });
  }

  private static BindFailure withHolder(Endpoint endpoint, BindFailure failure) {
    return HolderLookup.holderOf(endpoint).map(h -> failure.withHolder(h, Hints.withHolder(endpoint, h))).orElse(failure);
  }

  private Future<BindOutcome> bindOnce(Endpoint endpoint) {
    if (endpoint instanceof InheritedEndpoint socket) {
      BindFailure problem = inherited.problem(socket, vertx);
      return problem != null ? Future.succeededFuture(new BindOutcome.Failed(endpoint, problem))
          : listenAll(endpoint, inherited.marker(socket, serverOptions.isTcpNoDelay()), null);
    }
    if (endpoint instanceof UnixEndpoint unix) {
      return vertx.executeBlocking(() -> UnixSocketProbe.prepare(unix), false).compose(problem -> {
        if (problem.isPresent()) {
          return Future.succeededFuture(new BindOutcome.Failed(endpoint, problem.get()));
        }
        // Bind under a private name, then link it into place: see UnixSocketPublisher.
        Path privateName = UnixSocketPublisher.privateNameFor(unix.path().toAbsolutePath());
        return listenAll(endpoint, SocketAddress.domainSocketAddress(privateName.toString()), null);
      });
    }
    TcpEndpoint tcp = (TcpEndpoint) endpoint;
    Future<String> ip = tcp.isIpLiteral()
        ? Future.succeededFuture(tcp.host())
        : VertxInternals.resolve(vertx, tcp.host()).map(BerthServer::literal);
    return ip.compose(host -> {
      if (tcp.port() != 0 && VertxInternals.sharedListenerExists(vertx, host, tcp.port())) {
        // Vert.x would silently share the listener and split traffic; we refuse.
        return Future.succeededFuture(new BindOutcome.Failed(endpoint, BindFailureClassifier.detected(Errno.EADDRINUSE,
            "another server in this Vert.x instance already listens on " + HostSyntax.bracketIfV6(host) + ":" + tcp.port(),
            Hints.forFailure(endpoint, FailureReason.ADDRESS_IN_USE, Errno.EADDRINUSE))));
      }
      return listenAll(endpoint, SocketAddress.inetSocketAddress(tcp.port(), host), host);
    }, resolveError -> Future.succeededFuture(new BindOutcome.Failed(endpoint, BindFailureClassifier.classify(endpoint, resolveError))));
  }

  private static String literal(InetAddress address) {
    return address instanceof Inet6Address ? HostSyntax.compress(address.getAddress()) : address.getHostAddress();
  }

  /**
   * Binds the first server, then the other instances on the same key (deliberate sharing).
   * Vert.x shares a listener only under an explicit port, or under a negative one that it
   * maps to a fresh ephemeral port; for port 0 with several instances each endpoint gets
   * its own negative key so that nothing else in the instance can join it.
   */
  private Future<BindOutcome> listenAll(Endpoint endpoint, SocketAddress requested, String host) {
    // HttpServer.listen(int, String) accepts Vert.x's negative sharing keys; SocketAddress does not.
    int key = host != null && requested.port() == 0 && instances > 1 ? -SHARED_EPHEMERAL_KEYS.incrementAndGet() : requested.port();
    java.util.function.Function<HttpServer, Future<HttpServer>> listen =
        host != null ? s -> s.listen(key, host) : s -> s.listen(requested);
    HttpServer first = vertx.createHttpServer(serverOptions).requestHandler(gate);
    return listen.apply(first).compose(server -> {
      int port = host == null ? -1 : server.actualPort();
      List<Future<HttpServer>> more = new ArrayList<>();
      for (int i = 1; i < instances; i++) {
        more.add(listen.apply(vertx.createHttpServer(serverOptions).requestHandler(gate)));
      }
      return Future.join(more).transform(ar -> {
        List<HttpServer> servers = new ArrayList<>();
        servers.add(first);
        more.stream().filter(Future::succeeded).map(Future::result).forEach(servers::add);
        Path socketFile = null;
        Object socketKey = null;
        BindFailure publishFailure = null;
        if (endpoint instanceof UnixEndpoint unix && ar.succeeded()) {
          Path privateName = Path.of(requested.path());
          socketFile = unix.path().toAbsolutePath();
          applyPermissions(privateName);
          publishFailure = UnixSocketPublisher.publish(unix, privateName).orElse(null);
          socketKey = publishFailure == null ? UnixSocketProbe.fileKey(socketFile) : null;
        }
        synchronized (listeners) {
          listeners.add(new Listener(endpoint, servers, socketFile, socketKey));
        }
        if (ar.failed()) {
          return Future.succeededFuture(new BindOutcome.Failed(endpoint, BindFailureClassifier.classify(endpoint, ar.cause())));
        }
        if (publishFailure != null) {
          return Future.succeededFuture(new BindOutcome.Failed(endpoint, publishFailure));
        }
        if (endpoint instanceof InheritedEndpoint socket) {
          return Future.succeededFuture(inherited.served(socket));
        }
        String text = host == null ? Endpoint.UNIX_PREFIX + socketFile : HostSyntax.bracketIfV6(host) + ":" + port;
        Log.LOG.debug("{}: bound {}", endpoint, text);
        return Future.succeededFuture(new BindOutcome.Bound(endpoint, text, port, 1));
      });
    }, error -> Future.succeededFuture(new BindOutcome.Failed(endpoint, BindFailureClassifier.classify(endpoint, error))));
  }

  private void applyPermissions(Path socketFile) {
    try {
      Files.setPosixFilePermissions(socketFile, socketPermissions);
    } catch (IOException | UnsupportedOperationException e) {
      Log.LOG.warn("{}: could not set permissions {}: {}", socketFile, PosixFilePermissions.toString(socketPermissions), e.toString());
    }
  }

  private Future<Void> closeListeners(Duration drainTimeout) {
    List<Listener> toClose;
    synchronized (listeners) {
      toClose = new ArrayList<>(listeners);
      listeners.clear();
    }
    List<Future<Void>> closing = new ArrayList<>();
    for (Listener listener : toClose) {
      for (HttpServer server : listener.servers()) {
        closing.add(server.shutdown(drainTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
      }
    }
    return Future.join(closing).transform(x -> {
      for (Listener listener : toClose) {
        removeSocketFileIfOurs(listener);
      }
      return Future.succeededFuture();
    });
  }

  private static void removeSocketFileIfOurs(Listener listener) {
    if (listener.socketFile() == null || listener.socketKey() == null) {
      return;
    }
    try {
      if (listener.socketKey().equals(UnixSocketProbe.fileKey(listener.socketFile()))) {
        Files.deleteIfExists(listener.socketFile());
      }
    } catch (IOException e) {
      Log.LOG.warn("{}: could not remove socket file: {}", listener.socketFile(), e.toString());
    }
  }

  private Future<Void> releaseVertx() {
    return givenVertx == null && vertx != null ? vertx.close() : Future.succeededFuture();
  }

  private String transport() {
    Vertx v = vertx;
    return v != null && v.isNativeTransportEnabled() ? "epoll" : "nio";
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  /** Options for a {@link BerthServer}; defaults are the safe ones (no port sharing, no retries). */
  public static final class Builder {
    private Vertx vertx;
    private VertxOptions vertxOptions;
    private boolean preferNative;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private BerthApplication application;
    private int instances = 1;
    private boolean reusePort;
    private int bindRetries;
    private Duration bindRetryDelay = Duration.ofMillis(500);
    private HttpServerOptions serverTemplate;
    private Duration idleTimeout;
    private Integer maxRequestLineLength;
    private Integer maxHeaderSize;
    private long maxBodySize = DEFAULT_MAX_BODY_SIZE;
    private boolean preflight = true;
    private java.util.function.BiConsumer<Endpoint, BindFailure> retryListener = (endpoint, failure) -> {};
    private Set<PosixFilePermission> socketPermissions = PosixFilePermissions.fromString("rw-rw----");

    private Builder() {}

    /** A snapshot, so that changing this builder later cannot change a server built from it. */
    private Builder copy() {
      Builder c = new Builder();
      c.vertx = vertx;
      c.vertxOptions = vertxOptions == null ? null : new VertxOptions(vertxOptions);
      c.preferNative = preferNative;
      c.endpoints.addAll(endpoints);
      c.application = application;
      c.instances = instances;
      c.reusePort = reusePort;
      c.bindRetries = bindRetries;
      c.bindRetryDelay = bindRetryDelay;
      c.serverTemplate = serverTemplate == null ? null : new HttpServerOptions(serverTemplate);
      c.idleTimeout = idleTimeout;
      c.maxRequestLineLength = maxRequestLineLength;
      c.maxHeaderSize = maxHeaderSize;
      c.maxBodySize = maxBodySize;
      c.socketPermissions = socketPermissions;
      c.retryListener = retryListener;
      c.preflight = preflight;
      return c;
    }

    VertxOptions vertxOptions() {
      VertxOptions options = vertxOptions != null ? new VertxOptions(vertxOptions) : new VertxOptions();
      return preferNative ? options.setPreferNativeTransport(true) : options;
    }

    boolean prefersNativeTransport() {
      return preferNative || (vertxOptions != null && vertxOptions.getPreferNativeTransport());
    }

    /** Vert.x's default is true; only a template can say otherwise. */
    boolean reuseAddress() {
      return serverTemplate == null || serverTemplate.isReuseAddress();
    }

    /** The template (or Vert.x's defaults with a 60 s idle timeout), then the limits set here. */
    HttpServerOptions serverOptions() {
      HttpServerOptions options = serverTemplate != null ? new HttpServerOptions(serverTemplate) : new HttpServerOptions();
      Duration idle = idleTimeout != null ? idleTimeout : serverTemplate == null ? DEFAULT_IDLE_TIMEOUT : null;
      if (idle != null) {
        options.setIdleTimeout((int) idle.toMillis()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      if (maxRequestLineLength != null) {
        options.setMaxInitialLineLength(maxRequestLineLength);
      }
      if (maxHeaderSize != null) {
        options.setMaxHeaderSize(maxHeaderSize);
      }
      return options.setReusePort(reusePort);
    }

    /** Close a connection that has sent and received nothing for this long (0 = never). Default 60 s. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Longest request line; longer ones get 414. Default 4096 bytes. */
    public Builder maxRequestLineLength(int bytes) {
      this.maxRequestLineLength = bytes;
      return this;
    }

    /** Largest header block; larger ones get 431. Default 8192 bytes. */
    public Builder maxHeaderSize(int bytes) {
      this.maxHeaderSize = bytes;
      return this;
    }

    /**
     * Largest body a request may declare in Content-Length; larger ones get 413 before the
     * application sees them. Default 10 MiB. A chunked body is the application's to limit.
     */
    public Builder maxBodySize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("max body size must not be negative, got " + bytes);
      }
      this.maxBodySize = bytes;
      return this;
    }

    /** Uses this Vert.x instance; the server will not close it. */
    public Builder vertx(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
      return this;
    }

    /** Options for the Vert.x instance the server creates (and closes) when none is given. */
    public Builder vertxOptions(VertxOptions options) {
      this.vertxOptions = new VertxOptions(Objects.requireNonNull(options, "options"));
      return this;
    }

    /** Prefer native epoll over NIO for a Vert.x instance the server creates. */
    public Builder nativeTransport(boolean prefer) {
      this.preferNative = prefer;
      return this;
    }

    /** Adds endpoints given as text ({@code 127.0.0.1:8080}, {@code [::1]:0}, {@code unix:/run/app.sock}). */
    public Builder bind(String... texts) {
      for (String text : texts) {
        endpoints.add(Endpoint.parse(text));
      }
      return this;
    }

    /** Adds endpoints. */
    public Builder bind(Endpoint... more) {
      endpoints.addAll(List.of(more));
      return this;
    }

    /** Adds endpoints. */
    public Builder bind(List<Endpoint> more) {
      endpoints.addAll(more);
      return this;
    }

    /** The request handler (a vertx-web Router is one); shorthand for an application. */
    public Builder handler(Handler<HttpServerRequest> handler) {
      Objects.requireNonNull(handler, "handler");
      this.application = BerthApplication.of(handler);
      return this;
    }

    /** The application to start after binding and serve. */
    public Builder application(BerthApplication application) {
      this.application = Objects.requireNonNull(application, "application");
      return this;
    }

    /** Event loops serving each endpoint (they share its listening socket on purpose). Default 1. */
    public Builder instances(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("instances must be at least 1, got " + count);
      }
      this.instances = count;
      return this;
    }

    /**
     * SO_REUSEPORT; off by default. When on, another process can bind the same port and the
     * kernel splits connections between the two: a conflict can then not be detected.
     */
    public Builder reusePort(boolean on) {
      this.reusePort = on;
      return this;
    }

    /** Further attempts after the first, only when the address is in use. Default 0. */
    public Builder bindRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("bind retries must be 0 or more, got " + retries);
      }
      this.bindRetries = retries;
      return this;
    }

    /**
     * Told of every failed attempt that will be retried (with the failure, whose
     * {@code attempts()} counts so far), before the pause: e.g. to log "address in use,
     * retrying". Called on a Vert.x thread; must not block.
     */
    public Builder onRetry(java.util.function.BiConsumer<Endpoint, BindFailure> listener) {
      this.retryListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Whether to probe IP-literal and unix endpoints with plain JDK sockets before starting
     * Vert.x (default on), so that a failure is reported without the event loops' start-up
     * cost. Applies only when the server creates its Vert.x instance; the probe sockets are
     * closed at once and the real bind still decides when the probe finds nothing wrong.
     */
    public Builder preflight(boolean on) {
      this.preflight = on;
      return this;
    }

    /** Pause between bind attempts. Default 500 ms. */
    public Builder bindRetryDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("bind retry delay must not be negative, got " + delay);
      }
      this.bindRetryDelay = delay;
      return this;
    }

    /**
     * Template for every HTTP server (TLS, compression, ...); host, port and reuse-port are
     * Berth's. The limit setters of this builder apply on top of it, whatever the order;
     * without {@link #idleTimeout}, the template's own idle timeout stands.
     */
    public Builder httpServerOptions(HttpServerOptions options) {
      this.serverTemplate = new HttpServerOptions(Objects.requireNonNull(options, "options"));
      return this;
    }

    /** Permissions of unix socket files this server creates. Default {@code rw-rw----}. */
    public Builder unixSocketPermissions(Set<PosixFilePermission> permissions) {
      this.socketPermissions = Set.copyOf(permissions);
      return this;
    }

    /**
     * @throws InvalidEndpointException for a duplicate endpoint (a usage error: nothing is bound)
     * @throws IllegalStateException without endpoints or an application
     */
    public BerthServer build() {
      if (endpoints.isEmpty()) {
        throw new IllegalStateException("no endpoint to bind; call bind(...)");
      }
      if (application == null) {
        throw new IllegalStateException("no request handler; call handler(...) or application(...)");
      }
      Endpoints.requireDistinct(endpoints);
      return new BerthServer(copy());
    }
  }
}
