package dev.berth.server.examples;

import dev.berth.server.BerthMetrics;
import dev.berth.server.BerthServer;
import io.micrometer.core.instrument.MeterRegistry;

/** docs/embedding.md quotes the parts between the markers; MetricsEmbeddingExampleTest runs them. */
final class MetricsEmbeddingExample {

  private MetricsEmbeddingExample() {}

  // docs:metrics-served:start
  static BerthServer withPrometheusEndpoint() {
    return BerthServer.builder()
        .bind("127.0.0.1:0")
        .metrics(BerthMetrics.prometheus().serveAt("127.0.0.1:0"))   // GET /metrics there; bound with the others, all or none
        .handler(request -> request.response().end("hello"))
        .build();                                                     // the report lists the metrics endpoint last
  }
  // docs:metrics-served:end

  // docs:metrics-registry:start
  static BerthServer intoTheApplicationsRegistry(MeterRegistry registry) {
    return BerthServer.builder()
        .bind("127.0.0.1:0")
        .metrics(BerthMetrics.into(registry))   // Vert.x's HTTP meters and berth_* go to the application's registry
        .handler(request -> request.response().end("hello"))
        .build();                               // the berth meters leave the registry when the server stops
  }
  // docs:metrics-registry:end
}
