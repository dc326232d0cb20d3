package dev.berth.server.internal.engine;

import dev.berth.server.BerthMetrics;
import dev.berth.server.internal.metrics.MetricsWiring;
import dev.berth.server.BerthServer;
import dev.berth.server.BerthServerBuilder;
import dev.berth.server.BerthApplication;
import dev.berth.server.BindFailure;
import dev.berth.server.ConnectionLimits;
import dev.berth.server.Endpoint;
import dev.berth.server.TlsMaterial;
import dev.berth.server.internal.bind.Endpoints;
import dev.berth.server.internal.tls.TlsEndpoints;
import dev.berth.server.internal.ApiAccess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.ArrayList;

/**
 * Everything a {@link BerthServer} was configured with, fixed at {@link BerthServerBuilder#build()}:
 * the server reads only this value, so changing the builder afterwards cannot change a server.
 * Each option is declared once, here, with its default: {@link Builder}'s field starts at it, and
 * the public constants ({@code BerthServer.DEFAULT_*}) and the CLI's options and help read the
 * {@code DEFAULT_*} constants below. The two Vert.x option objects are mutable types, so they are
 * copied in and handed out only as fresh copies.
 */
public final class ServerSettings {

  /** Event loops per endpoint. */
  public static final int DEFAULT_INSTANCES = 1;
  /** Further bind attempts while the address is in use. */
  public static final int DEFAULT_BIND_RETRIES = 0;
  /** Pause between bind attempts, in milliseconds. */
  public static final long DEFAULT_BIND_RETRY_DELAY_MILLIS = 500;
  /** Idle timeout, in seconds. */
  public static final long DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  /** Longest request line, in bytes. */
  public static final int DEFAULT_MAX_REQUEST_LINE_LENGTH = 4096;
  /** Largest header block, in bytes. */
  public static final int DEFAULT_MAX_HEADER_SIZE = 8192;
  /** Largest request body, in bytes. */
  public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;
  /** Header timeout, in seconds. */
  public static final long DEFAULT_HEADER_TIMEOUT_SECONDS = 10;
  /** Mode of the unix socket files Berth creates, as {@code ls -l} shows it (0660). */
  public static final String DEFAULT_SOCKET_MODE = "rw-rw----";

  private final Vertx vertx;
  private final VertxOptions vertxOptionsTemplate;
  private final boolean preferNative;
  private final List<Endpoint> endpoints;
  private final BerthApplication application;
  private final int instances;
  private final Boolean reusePort;
  private final int bindRetries;
  private final Duration bindRetryDelay;
  private final HttpServerOptions serverTemplate;
  private final Duration idleTimeout;
  private final Integer maxRequestLineLength;
  private final Integer maxHeaderSize;
  private final long maxBodySize;
  private final boolean preflight;
  private final BiConsumer<Endpoint, BindFailure> retryListener;
  private final Set<PosixFilePermission> socketPermissions;
  private final TlsMaterial tls;
  private final ConnectionLimits connectionLimits;
  private final BerthMetrics metrics;

  /** The checks over the whole configuration: a server is never built from settings that cannot start. */
  private ServerSettings(Builder b) {
    List<Endpoint> all = b.metrics != null && b.metrics.endpoint().isPresent() && !b.endpoints.isEmpty()
        ? MetricsWiring.withEndpoint(b.endpoints, b.metrics.endpoint().get()) : b.endpoints;
    if (all.isEmpty()) {
      throw new IllegalStateException("no endpoint to bind; call bind(...)");
    }
    if (b.application == null) {
      throw new IllegalStateException("no request handler; call handler(...) or application(...)");
    }
    Endpoints.requireDistinct(all);
    ApiAccess.get(); // loads the result types now, not in a bind that meets EMFILE
    TlsEndpoints.requireConsistent(all, b.tls);
    vertx = b.vertx;
    vertxOptionsTemplate = b.vertxOptions == null ? null : new VertxOptions(b.vertxOptions);
    preferNative = b.preferNative;
    endpoints = List.copyOf(all);
    application = b.application;
    instances = b.instances;
    reusePort = b.reusePort;
    bindRetries = b.bindRetries;
    bindRetryDelay = b.bindRetryDelay;
    serverTemplate = b.serverTemplate == null ? null : new HttpServerOptions(b.serverTemplate);
    idleTimeout = b.idleTimeout;
    maxRequestLineLength = b.maxRequestLineLength;
    maxHeaderSize = b.maxHeaderSize;
    maxBodySize = b.maxBodySize;
    preflight = b.preflight;
    retryListener = b.retryListener;
    socketPermissions = Set.copyOf(b.socketPermissions);
    tls = b.tls;
    connectionLimits = b.connectionLimits;
    metrics = b.metrics;
  }

  /** Starts from every default; the only way to make settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The options being set, each field starting at its default. Null means "not set" where a
   * Vert.x template may decide instead (see {@link ServerOptionsAssembly}). No argument checks:
   * {@link BerthServerBuilder} makes them, in the words of its API.
   */
  public static final class Builder {
    private Vertx vertx;
    private VertxOptions vertxOptions;
    private boolean preferNative;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private BerthApplication application;
    private int instances = DEFAULT_INSTANCES;
    private Boolean reusePort;
    private int bindRetries = DEFAULT_BIND_RETRIES;
    private Duration bindRetryDelay = Duration.ofMillis(DEFAULT_BIND_RETRY_DELAY_MILLIS);
    private HttpServerOptions serverTemplate;
    private Duration idleTimeout;
    private Integer maxRequestLineLength;
    private Integer maxHeaderSize;
    private long maxBodySize = DEFAULT_MAX_BODY_SIZE;
    private boolean preflight = true;
    private BiConsumer<Endpoint, BindFailure> retryListener = (endpoint, failure) -> { };
    private Set<PosixFilePermission> socketPermissions = PosixFilePermissions.fromString(DEFAULT_SOCKET_MODE);
    private TlsMaterial tls;
    private ConnectionLimits connectionLimits = ConnectionLimits.defaults();
    private BerthMetrics metrics;

    private Builder() {}

    public Builder vertx(Vertx v) { vertx = v; return this; }
    public Builder vertxOptions(VertxOptions o) { vertxOptions = new VertxOptions(o); return this; }
    public Builder preferNative(boolean on) { preferNative = on; return this; }
    public Builder endpoints(List<Endpoint> more) { endpoints.addAll(more); return this; }
    public Builder application(BerthApplication a) { application = a; return this; }
    public Builder instances(int n) { instances = n; return this; }
    public Builder reusePort(boolean on) { reusePort = on; return this; }
    public Builder bindRetries(int n) { bindRetries = n; return this; }
    public Builder bindRetryDelay(Duration d) { bindRetryDelay = d; return this; }
    public Builder serverTemplate(HttpServerOptions o) { serverTemplate = new HttpServerOptions(o); return this; }
    public Builder idleTimeout(Duration d) { idleTimeout = d; return this; }
    public Builder maxRequestLineLength(int bytes) { maxRequestLineLength = bytes; return this; }
    public Builder maxHeaderSize(int bytes) { maxHeaderSize = bytes; return this; }
    public Builder maxBodySize(long bytes) { maxBodySize = bytes; return this; }
    public Builder preflight(boolean on) { preflight = on; return this; }
    public Builder retryListener(BiConsumer<Endpoint, BindFailure> l) { retryListener = l; return this; }
    public Builder socketPermissions(Set<PosixFilePermission> p) { socketPermissions = Set.copyOf(p); return this; }
    public Builder tls(TlsMaterial m) { tls = m; return this; }
    public Builder connectionLimits(ConnectionLimits l) { connectionLimits = l; return this; }
    public Builder metrics(BerthMetrics m) { metrics = m; return this; }

    /** Checks the whole and fixes it; the builder may go on changing without effect on the result. */
    public ServerSettings build() {
      return new ServerSettings(this);
    }
  }

  /** The embedder's Vert.x instance, or null to create (and close) one. */
  public Vertx vertx() { return vertx; }
  public boolean preferNative() { return preferNative; }
  /** The endpoints; with a metrics endpoint, it is the last. */
  public List<Endpoint> endpoints() { return endpoints; }
  public BerthApplication application() { return application; }
  public int instances() { return instances; }
  /** Null unless set on the builder (see {@link ServerOptionsAssembly}). */
  public Boolean reusePort() { return reusePort; }
  public int bindRetries() { return bindRetries; }
  public Duration bindRetryDelay() { return bindRetryDelay; }
  /** Null unless set on the builder (see {@link ServerOptionsAssembly}). */
  public Duration idleTimeout() { return idleTimeout; }
  /** Null unless set on the builder. */
  public Integer maxRequestLineLength() { return maxRequestLineLength; }
  /** Null unless set on the builder. */
  public Integer maxHeaderSize() { return maxHeaderSize; }
  public long maxBodySize() { return maxBodySize; }
  public boolean preflight() { return preflight; }
  public BiConsumer<Endpoint, BindFailure> retryListener() { return retryListener; }
  public Set<PosixFilePermission> socketPermissions() { return socketPermissions; }
  /** The material of the {@code https://} endpoints, or null without any. */
  public TlsMaterial tls() { return tls; }
  public ConnectionLimits connectionLimits() { return connectionLimits; }
  /** Null without metrics; its endpoint, if any, is the last of {@link #endpoints()}. */
  public BerthMetrics metrics() { return metrics; }

  /** A copy of the template, or null: the settings' own stays unchanged whatever a caller does with it. */
  public HttpServerOptions serverTemplate() {
    return serverTemplate == null ? null : new HttpServerOptions(serverTemplate);
  }

  /**
   * Whether this is where {@code /metrics} is served (its own handler, not the application's): the last endpoint,
   * by identity, since {@code 127.0.0.1:0} may also be an application endpoint.
   */
  public boolean isMetricsEndpoint(Endpoint endpoint) {
    return metrics != null && metrics.endpoint().isPresent() && endpoint == endpoints.get(endpoints.size() - 1);
  }

  /** Options for a Vert.x instance the server creates. */
  public VertxOptions vertxOptions() {
    VertxOptions options = vertxOptionsTemplate != null ? new VertxOptions(vertxOptionsTemplate) : new VertxOptions();
    return preferNative ? options.setPreferNativeTransport(true) : options;
  }

  public boolean prefersNativeTransport() {
    return preferNative || (vertxOptionsTemplate != null && vertxOptionsTemplate.getPreferNativeTransport());
  }

  /** The reuse-port the servers will get, by the precedence of {@link ServerOptionsAssembly}. */
  public boolean effectiveReusePort() {
    return ServerOptionsAssembly.reusePort(this);
  }

  /** Vert.x's default is true; only a template can say otherwise. */
  public boolean reuseAddress() {
    return serverTemplate == null || serverTemplate.isReuseAddress();
  }
}
