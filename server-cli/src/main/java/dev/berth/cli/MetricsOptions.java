package dev.berth.cli;

import dev.berth.server.BerthMetrics;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.BerthServerBuilder;
import dev.berth.server.Endpoint;
import dev.berth.server.InheritedEndpoint;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.internal.bind.Endpoints;
import io.micrometer.common.util.internal.logging.InternalLoggerFactory;
import io.micrometer.common.util.internal.logging.JdkLoggerFactory;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --metrics}: Prometheus text at {@code /metrics} on an endpoint of its own, through core's
 * {@link BerthMetrics}. Without the option none of Berth's metrics code runs: {@link BerthMetrics} is named only in
 * the branch that runs when it is given.
 */
final class MetricsOptions {

  @Option(names = "--metrics", paramLabel = "ENDPOINT", converter = EndpointConverter.class,
      description = "Serve Prometheus metrics at /metrics on this endpoint of its own (HOST:PORT or unix:PATH),"
          + " bound with the --bind endpoints, all or none, and listed after them in the report. Off by default.")
  Endpoint endpoint;

  /** The metrics endpoint against the others, before anything binds: a clash is a usage error, as for --bind. */
  void check(List<Endpoint> chosen) {
    if (endpoint == null) {
      return;
    }
    if (endpoint instanceof InheritedEndpoint) {
      throw new UsageError("invalid --metrics '" + endpoint + "': metrics bind an endpoint of their own;"
          + " give HOST:PORT or unix:PATH");
    }
    List<Endpoint> all = new ArrayList<>(chosen);
    all.add(endpoint);
    try {
      Endpoints.requireDistinct(all);
    } catch (InvalidEndpointException e) {
      throw new UsageError("--metrics: " + e.getMessage());
    }
  }

  BerthServerBuilder applyTo(BerthServerBuilder builder) {
    if (endpoint == null) {
      return builder;
    }
    // Micrometer picks SLF4J whenever its API is on the class path, and SLF4J's API without a
    // provider (a --app jar may bring one) prints three "no providers" lines and then drops every
    // line. So Micrometer logs to java.util.logging, as Netty and Vert.x do, and log4j's bridge
    // takes those records to log4j like every other line (JulRoute).
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    return builder.metrics(BerthMetrics.prometheus().serveAt(endpoint));
  }

  /**
   * The report's JSON with a {@code metrics} object saying which endpoint serves them (core lists it after the
   * {@code --bind} ones) and, once bound, where to scrape.
   */
  JsonObject annotate(JsonObject json, BindReport report) {
    if (endpoint == null) {
      return json;
    }
    JsonObject metrics = new JsonObject().put("endpoint", endpoint.toString()).put("path", "/metrics");
    bound(report).ifPresent(bound -> metrics.put("url", bound.url()));
    return json.put("metrics", metrics);
  }

  /** One line beside the ready lines: where Prometheus should scrape. */
  void announce(BindReport report) {
    bound(report).ifPresent(bound -> Say.info("metrics at " + (bound.port() < 0 ? bound.url() + ", path /metrics" : bound.url() + "/metrics")));
  }

  private Optional<BindOutcome.Bound> bound(BindReport report) {
    List<BindOutcome> outcomes = report.outcomes();
    return endpoint == null || outcomes.isEmpty() || !(outcomes.get(outcomes.size() - 1) instanceof BindOutcome.Bound bound)
        ? Optional.empty() : Optional.of(bound);
  }
}
