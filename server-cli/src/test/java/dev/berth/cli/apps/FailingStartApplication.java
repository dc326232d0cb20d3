package dev.berth.cli.apps;

import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/** Binds fine, then fails its start (e.g. a database it needs is down): exit 70. */
public final class FailingStartApplication implements BerthApplication {
  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    return request -> request.response().end();
  }

  @Override
  public Future<Void> start(BerthServer server) {
    return Future.failedFuture(new IllegalStateException("database unreachable"));
  }
}
