package dev.berth.cli.apps;

import dev.berth.server.BerthApplication;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/** A vertx-web Router application with two routes, one of them named like a file it shadows. */
public final class RouterApplication implements BerthApplication {
  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/api/hello").handler(ctx -> ctx.response().end("hello from the app\n"));
    router.get("/hello.txt").handler(ctx -> ctx.response().end("the app wins\n"));
    router.post("/api/echo").handler(ctx -> ctx.response().end("posted\n"));
    return router;
  }
}
