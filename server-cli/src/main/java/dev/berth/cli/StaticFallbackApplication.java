package dev.berth.cli;

import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * {@code --app} and {@code --static} together: the application's routes win and a file is
 * served only where none of them matched. That needs to know when no route matched, which
 * a vertx-web Router tells (its last route runs) and a bare handler cannot; so the
 * application's handler must be a Router, and the files become its last route.
 */
final class StaticFallbackApplication implements BerthApplication {

  private final BerthApplication application;
  private final StaticFiles files;

  StaticFallbackApplication(BerthApplication application, StaticFiles files) {
    this.application = application;
    this.files = files;
  }

  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    Handler<HttpServerRequest> handler = application.requestHandler(vertx);
    if (!(handler instanceof Router router)) {
      throw new IllegalStateException("--static with --app needs the application's requestHandler to be a vertx-web"
          + " Router (so its routes come first and files are the fallback); it returned "
          + (handler == null ? "null" : handler.getClass().getName()));
    }
    router.route().order(Integer.MAX_VALUE).handler(context -> {
      if (StaticFiles.serves(context.request())) {
        files.handle(context.request());
      } else {
        context.next();
      }
    });
    return router;
  }

  @Override
  public Future<Void> start(BerthServer server) {
    return application.start(server);
  }

  @Override
  public Future<Void> stop() {
    return application.stop();
  }
}
