package dev.berth.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A server's metrics in a Micrometer registry, for {@link BerthServerBuilder#metrics}: Vert.x's own HTTP server
 * meters (requests by method and status code, their durations, open connections, bytes, worker pools, the JVM,
 * through {@code vertx-micrometer-metrics}) and Berth's under {@code berth_} (build info, each TLS endpoint's
 * certificate expiry, overload episodes, shed connections, requests refused by the framing checks, the connection
 * cap). No label takes a client-chosen value such as a path.
 *
 * <pre>{@code
 * BerthServer.builder()
 *     .bind("0.0.0.0:8080")
 *     .metrics(BerthMetrics.prometheus().serveAt("127.0.0.1:9100"))   // Prometheus text at /metrics
 *     // or, into a registry the application already has: .metrics(BerthMetrics.into(registry))
 * }</pre>
 *
 * <p>Needs {@code io.vertx:vertx-micrometer-metrics}, and for {@link #prometheus()}
 * {@code io.micrometer:micrometer-registry-prometheus}, on the class path (server-core declares both optional):
 * a server built without metrics measures nothing and reaches none of Berth's metrics code. Vert.x's meters come
 * only from a Vert.x instance the server creates; with {@link BerthServerBuilder#vertx} the embedder's instance
 * keeps its own metrics set-up and only the {@code berth_} meters are added. Immutable.
 */
public final class BerthMetrics {

  /** Micrometer's names whose Prometheus forms promtool rejects: ms and ns in the name, {@code _count} on a gauge. */
  static final String NOT_PROMETHEUS_NAMES = "jvm.compilation.time, process.cpu.time, system.cpu.count";

  private final MeterRegistry registry;
  private final Endpoint endpoint;

  private BerthMetrics(MeterRegistry registry, Endpoint endpoint) {
    this.registry = registry;
    this.endpoint = endpoint;
  }

  /**
   * A new Prometheus registry, not yet served: add {@link #serveAt} for a {@code /metrics} endpoint. Three of
   * Micrometer's JVM meters break Prometheus's naming rules ({@code promtool check metrics} rejects a unit
   * abbreviated in the name, and {@code _count} on a gauge) and are left out of it: {@code jvm.compilation.time},
   * {@code process.cpu.time} and {@code system.cpu.count}.
   *
   * @return metrics into a fresh {@code PrometheusMeterRegistry}
   */
  public static BerthMetrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<String> denied = List.of(NOT_PROMETHEUS_NAMES.split(", "));
    registry.config().meterFilter(MeterFilter.deny(id -> denied.contains(id.getName())));
    return new BerthMetrics(registry, null);
  }

  /**
   * Into a registry the application already has (any Micrometer backend); nothing is served.
   *
   * @param registry where the meters go
   * @return metrics into that registry
   */
  public static BerthMetrics into(MeterRegistry registry) {
    return new BerthMetrics(Objects.requireNonNull(registry, "registry"), null);
  }

  /**
   * Also serve the registry as Prometheus text at {@code /metrics} on an endpoint of its own, bound with the
   * server's others, all or none (a busy metrics port fails the start like any endpoint, and appears in the
   * {@link BindReport} after them).
   *
   * @param endpoint where to serve, e.g. {@code 127.0.0.1:9100} or {@code unix:/run/berth/metrics.sock}
   * @return new metrics that are also served there
   * @throws IllegalStateException when the registry is not a {@code PrometheusMeterRegistry}
   * @throws IllegalArgumentException for an inherited socket ({@code systemd:}, {@code fd:}): metrics bind their own
   */
  public BerthMetrics serveAt(Endpoint endpoint) {
    if (endpoint instanceof InheritedEndpoint) {
      throw new IllegalArgumentException("metrics are served on a TCP or unix endpoint of their own, not on "
          + endpoint + "; give HOST:PORT or unix:PATH");
    }
    if (!(registry instanceof PrometheusMeterRegistry)) {
      throw new IllegalStateException("serveAt needs a PrometheusMeterRegistry, this registry is a "
          + registry.getClass().getName() + "; serve it the way its backend expects");
    }
    return new BerthMetrics(registry, Objects.requireNonNull(endpoint, "endpoint"));
  }

  /**
   * {@link #serveAt(Endpoint)} for endpoint text.
   *
   * @param text parsed by {@link Endpoint#parse}
   * @return new metrics that are also served there
   */
  public BerthMetrics serveAt(String text) {
    return serveAt(Endpoint.parse(text));
  }

  /**
   * The registry the meters go to.
   *
   * @return the registry
   */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Where {@code /metrics} is served.
   *
   * @return the endpoint, or empty when nothing is served
   */
  public Optional<Endpoint> endpoint() {
    return Optional.ofNullable(endpoint);
  }
}
