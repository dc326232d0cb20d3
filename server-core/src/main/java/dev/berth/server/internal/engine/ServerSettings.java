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
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Everything a {@link BerthServer} was configured with, fixed at {@link BerthServerBuilder#build()}:
 * the server reads only this value, so changing the builder afterwards cannot change a
 * server, and nothing holds the configuration twice. The two Vert.x option objects are
 * mutable types, so they are copied in and handed out only as fresh copies.
 *
 * @param vertx the embedder's Vert.x instance, or null to create (and close) one
 * @param idleTimeout null unless set on the builder (see {@link ServerOptionsAssembly})
 * @param tls the material of the {@code https://} endpoints, or null without any
 * @param metrics null without metrics; its endpoint, if any, is the last of {@code endpoints}
 */
public record ServerSettings(
    Vertx vertx,
    VertxOptions vertxOptionsTemplate,
    boolean preferNative,
    List<Endpoint> endpoints,
    BerthApplication application,
    int instances,
    Boolean reusePort,
    int bindRetries,
    Duration bindRetryDelay,
    HttpServerOptions serverTemplate,
    Duration idleTimeout,
    Integer maxRequestLineLength,
    Integer maxHeaderSize,
    long maxBodySize,
    boolean preflight,
    BiConsumer<Endpoint, BindFailure> retryListener,
    Set<PosixFilePermission> socketPermissions,
    TlsMaterial tls,
    ConnectionLimits connectionLimits,
    BerthMetrics metrics) {

  /** The checks over the whole configuration: a server is never built from settings that cannot start. */
  public ServerSettings {
    if (metrics != null && metrics.endpoint().isPresent() && !endpoints.isEmpty()) { // checked with the others below
      endpoints = MetricsWiring.withEndpoint(endpoints, metrics.endpoint().get());
    }
    if (endpoints.isEmpty()) {
      throw new IllegalStateException("no endpoint to bind; call bind(...)");
    }
    if (application == null) {
      throw new IllegalStateException("no request handler; call handler(...) or application(...)");
    }
    Endpoints.requireDistinct(endpoints);
    TlsEndpoints.requireConsistent(endpoints, tls);
    endpoints = List.copyOf(endpoints);
    socketPermissions = Set.copyOf(socketPermissions);
    vertxOptionsTemplate = vertxOptionsTemplate == null ? null : new VertxOptions(vertxOptionsTemplate);
    serverTemplate = serverTemplate == null ? null : new HttpServerOptions(serverTemplate);
  }

  /** A copy: the record's own stays unchanged whatever a caller does with it. */
  @Override
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
