package dev.berth.server.examples;

import dev.berth.server.BerthServer;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Duration;

// docs:embedding:start
public final class EmbeddingExample {

  /** Starts a vertx-web app on the given endpoints; returns the running server, or null on a bind failure. */
  public static BerthServer start(String... endpoints) {
    BerthServer server = BerthServer.builder()
        .bind(endpoints)                                  // e.g. "127.0.0.1:0", "[::1]:8080", "unix:/run/app.sock"
        .application(EmbeddingExample::routes)            // built before binding, served after
        .bindRetries(3)                                   // only "address in use" is retried
        .bindRetryDelay(Duration.ofMillis(200))
        .build();                                         // bad or duplicate endpoints throw here
    BindReport report = server.startAndWait();
    if (!report.succeeded()) {
      // Nothing is listening now: every endpoint bound meanwhile was closed again.
      for (BindOutcome.Failed failed : report.failures()) {
        System.err.printf("cannot listen on %s: %s, %s: %s%n", failed.endpoint(),
            failed.failure().reason().words(), failed.failure().errnoText(), failed.failure().hint());
      }
      return null;
    }
    for (BindOutcome.Bound bound : report.bound()) {
      System.err.println("listening on " + bound.url());  // the real port, even behind port 0
    }
    return server;
  }

  static Router routes(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.response().end("ok"));
    router.get("/hello/:name").handler(ctx -> ctx.response().end("hello " + ctx.pathParam("name")));
    return router;
  }

  public static void main(String[] args) {
    BerthServer server = start(args.length > 0 ? args : new String[] {"127.0.0.1:8080"});
    if (server == null) {
      System.exit(75);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stopAndWait(Duration.ofSeconds(10))));
  }
}
// docs:embedding:end
