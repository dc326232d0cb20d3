package dev.berth.cli.apps;

import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Holds the thread that starts it (an event loop) for 3.5 s, then fails its start: what a
 * starved machine looks like to Vert.x's blocked-thread checker, made certain, on a failure path.
 */
public final class EventLoopBlockingFailingStartApplication implements BerthApplication {
  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    return request -> request.response().end();
  }

  @Override
  public Future<Void> start(BerthServer server) {
    System.err.println("test-app: start runs on " + Thread.currentThread().getName());
    System.err.flush();
    try {
      Thread.sleep(3_500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Future.failedFuture(new IllegalStateException("database unreachable"));
  }
}
