package dev.berth.server.examples;

import dev.berth.server.BerthServer;
import dev.berth.server.BindFailure;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.ExitCode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Compiled and run by EmbeddingExampleTest; docs/embedding.md quotes it. */
final class OwnVertxExample {

  private OwnVertxExample() {}

  // docs:own-vertx:start
  /** Two servers on the application's own Vert.x instance, and everything a server tells. */
  static List<String> run(Vertx vertx, String publicEndpoint, String adminEndpoint) {
    List<String> said = new ArrayList<>();
    BerthServer api = BerthServer.builder()
        .vertx(vertx)                                          // used, never closed by Berth
        .bind(publicEndpoint)
        .handler(request -> request.response().end("api"))
        .httpServerOptions(new HttpServerOptions().setCompressionSupported(true)) // safe defaults stay
        .idleTimeout(Duration.ofSeconds(30))
        .maxBodySize(1024 * 1024)
        .unixSocketPermissions(PosixFilePermissions.fromString("rw-rw----"))
        .onRetry((endpoint, failure) -> said.add("retrying " + endpoint + ": " + failure.oneLine()))
        .build();
    said.add("before start: " + api.state() + ", report present: " + api.report().isPresent());
    BindReport report = api.startAndWait();
    said.add("state " + api.state() + ", running " + api.isRunning() + ", status " + ExitCode.of(report).code());
    for (BindOutcome.Bound bound : api.addresses()) {
      said.add(bound.endpoint() + " -> " + bound.url() + " (port " + bound.port() + ", " + bound.instances() + " event loop)");
    }
    said.add("first TCP port " + api.port() + ", same Vert.x " + (api.vertx() == vertx));

    // A second server on the same instance and an overlapping address is "address in use":
    // Vert.x would otherwise silently share the socket and split the traffic.
    BerthServer admin = BerthServer.builder().vertx(vertx).bind(adminEndpoint)
        .handler(request -> request.response().end("admin")).build();
    BindReport refused = admin.startAndWait();
    for (BindOutcome.Failed failed : refused.failures()) {
      BindFailure f = failed.failure();
      said.add(f.reason() + " " + f.errno() + " " + f.errnoNumber() + ": " + f.osMessage()
          + "; holder " + f.holderIfKnown().map(BindFailure.Holder::toString).orElse("unknown")
          + "; exit " + ExitCode.of(refused).code() + " " + ExitCode.of(refused).retryAdvice());
    }
    api.stopAndWait(Duration.ofSeconds(5));
    said.add("after stop: " + api.state() + ", vertx still usable: " + (vertx.setTimer(1, id -> { }) >= 0));
    return said;
  }
  // docs:own-vertx:end
}
