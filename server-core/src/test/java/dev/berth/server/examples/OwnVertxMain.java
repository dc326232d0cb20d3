package dev.berth.server.examples;

import dev.berth.server.BerthServer;
import dev.berth.server.BerthServerBuilder;
import dev.berth.server.BindReport;
import dev.berth.server.ExitCode;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.ServeListener;
import dev.berth.server.TlsMaterial;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;

// docs:own-vertx-main:start
/**
 * A service's main on its own Vert.x instance, with an http and an https endpoint: the same
 * lifecycle as {@code berth serve} (all or none, SIGHUP reloads the certificate, SIGTERM drains).
 */
public final class OwnVertxMain {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Arguments: HTTP endpoint, HTTPS endpoint, then certificate and key files. */
  static int run(String... args) {
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(2);
    boolean ownInstance = !"options".equals(System.getProperty("shop.vertx")); // the tests run both ways
    Vertx vertx = ownInstance ? Vertx.vertx(options) : null;
    try {
      BerthServerBuilder builder = BerthServer.builder()
          .bind(args[0], args[1])
          .handler(request -> request.response().end("shop"))
          .listener(new ServeListener() {
            @Override
            public void ready(BindReport report) {            // the report, once serving
              System.err.println("ready on " + report.bound().size() + " endpoints");
            }
          });
      if (args.length > 3) {
        builder.tls(TlsMaterial.pem(Path.of(args[2]), Path.of(args[3])));
      }
      if (ownInstance) {
        builder.vertx(vertx);                                   // used, never closed by Berth
      } else {
        builder.vertxOptions(options);                          // Berth creates and closes it
      }
      int status = builder.build().serveUntilStopped(Duration.ofSeconds(5));
      if (status < ExitCode.KILLED_BY_SIGNAL_BASE) {            // after a second signal: exit at once
        close(vertx);
      }
      return status;
    } catch (InvalidEndpointException e) {                      // e.g. https:// without a certificate
      System.err.println(e.getMessage());
      close(vertx);
      return ExitCode.USAGE.code();
    }
  }

  private static void close(Vertx vertx) {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
// docs:own-vertx-main:end
