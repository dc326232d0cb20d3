package dev.berth.server.examples;

import dev.berth.server.BerthServer;
import dev.berth.server.ExitCode;
import dev.berth.server.InvalidEndpointException;
import java.time.Duration;

// docs:production-main:start
/** A service's whole main: exit codes, application failure and signals by Berth's contract. */
public final class ProductionMain {

  public static void main(String[] args) {
    System.exit(run(args.length > 0 ? args : new String[] {"127.0.0.1:8080"}));
  }

  /**
   * 0 after SIGTERM/SIGINT and a clean drain; 64 for endpoints that can never bind together;
   * 70 when the application fails to start; 71/75/77/78 for a bind failure (most permanent wins).
   */
  static int run(String... endpoints) {
    BerthServer server;
    try {
      server = BerthServer.builder()
          .bind(endpoints)                       // "127.0.0.1:8080", "[::1]:8080", "unix:/run/orders.sock"
          .application(new OrdersService())
          .build();
    } catch (InvalidEndpointException e) {       // malformed, duplicate or overlapping endpoints
      System.err.println(e.getMessage());
      return ExitCode.USAGE.code();
    }
    // Starts, prints where it listens (or why it cannot) on stderr, serves until SIGTERM or
    // SIGINT, drains for up to 10 s, and returns the status: the JVM alone would exit 143.
    return server.serveUntilStopped(Duration.ofSeconds(10));
  }
}
// docs:production-main:end
