package dev.berth.server.internal.metrics;

import dev.berth.server.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusRequestHandler;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How a server with {@link dev.berth.server.BerthMetrics} differs from one without, in the three places the engine
 * asks: the Vert.x instance it creates, the endpoint list, and the handler of the metrics endpoint. Reached only
 * when a server has metrics.
 */
public final class MetricsWiring {

  private static final AtomicLong INSTANCES = new AtomicLong();

  private MetricsWiring() {}

  /**
   * Vert.x's metrics SPI pointed at the registry, with its JVM meters. Labels: Vert.x's defaults, spelled out
   * (method, status code, pool type and name, event-bus side); never the path or the client's address, which a
   * client could make unbounded, nor the local address, which for port 0 is the requested one.
   * vertx-micrometer-metrics keeps a static map of backends by registry name and gives a second Vert.x with the
   * same name the first one's registry, so each instance gets a name of its own.
   */
  public static VertxBuilder instrument(MeterRegistry registry, VertxOptions options, Function<VertxOptions, VertxBuilder> builder) {
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName("berth-" + INSTANCES.incrementAndGet())
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE)));
    return builder.apply(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** Answers {@code GET /metrics} with the Prometheus text (Vert.x's handler), anything else 404. */
  public static Handler<HttpServerRequest> scrapeHandler(MeterRegistry registry) {
    Handler<HttpServerRequest> scrape = PrometheusRequestHandler.create((PrometheusMeterRegistry) registry);
    return request -> {
      if ("/metrics".equals(request.path())) {
        scrape.handle(request);
      } else {
        request.response().setStatusCode(404).end("metrics are at /metrics\n");
      }
    };
  }

  /**
   * The server's endpoints with the metrics endpoint last. A fresh instance when the very same object is also an
   * application endpoint ({@code 127.0.0.1:0} twice is two ports): the engine knows the metrics endpoint by identity.
   */
  public static List<Endpoint> withEndpoint(List<Endpoint> endpoints, Endpoint metrics) {
    Endpoint own = endpoints.stream().anyMatch(e -> e == metrics) ? Endpoint.parse(metrics.toString()) : metrics;
    return Stream.concat(endpoints.stream(), Stream.of(own)).toList();
  }
}
