package dev.berth.server.examples;

import dev.berth.server.ApplicationStartException;
import dev.berth.server.BerthServer;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import java.time.Duration;

// docs:embedding:start
public final class EmbeddingExample {

  /** Starts the orders service on the given endpoints; returns the running server, or null on a bind failure. */
  public static BerthServer start(String... endpoints) {
    BerthServer server = BerthServer.builder()
        .bind(endpoints)                                  // e.g. "127.0.0.1:0", "[::1]:8080", "unix:/run/app.sock"
        .application(new OrdersService())                 // handler built before binding, start() after
        .bindRetries(3)                                   // only "address in use" is retried
        .bindRetryDelay(Duration.ofMillis(200))
        .build();                                         // bad, duplicate or overlapping endpoints throw here
    BindReport report = server.startAndWait();            // throws ApplicationStartException if start() fails
    if (!report.succeeded()) {
      // Nothing is listening now: every endpoint bound meanwhile was closed again.
      for (BindOutcome.Failed failed : report.failures()) {
        System.err.println(failed.message());             // "cannot listen on ...: reason (ERRNO (n)); hint"
      }
      return null;
    }
    for (BindOutcome.Bound bound : report.bound()) {
      System.err.println("listening on " + bound.url());  // the real port, even behind port 0
    }
    return server;
  }
}
// docs:embedding:end
