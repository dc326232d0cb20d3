package dev.berth.cli.apps;

import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import dev.berth.server.BerthServerBuilder;
import dev.berth.server.ExitCode;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.TlsMaterial;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An embedder's main on its own Vert.x instance, taking a few of berth serve's flags
 * ({@code --bind}, {@code --tls-cert}, {@code --tls-key}, {@code --app}) so that
 * LifecycleScenariosProcessTest can run one table of scenarios against both.
 */
public final class EmbeddedMain {

  private EmbeddedMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String... args) throws Exception {
    BerthServerBuilder builder = BerthServer.builder();
    String cert = null;
    String key = null;
    BerthApplication app = BerthApplication.of(request -> request.response().end("ok"));
    Vertx vertx = Vertx.vertx();
    try {
      for (int i = 0; i < args.length; i += 2) {
        switch (args[i]) {
          case "--bind" -> builder.bind(args[i + 1]);
          case "--tls-cert" -> cert = args[i + 1];
          case "--tls-key" -> key = args[i + 1];
          case "--app" -> app = (BerthApplication) Class.forName(args[i + 1]).getConstructor().newInstance();
          default -> throw new IllegalArgumentException(args[i]);
        }
      }
      if (cert != null) {
        builder.tls(TlsMaterial.pem(Path.of(cert), Path.of(key)));
      }
      int status = builder.application(app).vertx(vertx).build().serveUntilStopped(Duration.ofSeconds(10));
      if (status < ExitCode.KILLED_BY_SIGNAL_BASE) { // a forced stop exits now, as berth does, without closing anything
        vertx.close().toCompletionStage().toCompletableFuture().join();
      }
      return status;
    } catch (InvalidEndpointException e) {
      System.err.println(e.getMessage());
      vertx.close().toCompletionStage().toCompletableFuture().join();
      return ExitCode.USAGE.code();
    }
  }
}
