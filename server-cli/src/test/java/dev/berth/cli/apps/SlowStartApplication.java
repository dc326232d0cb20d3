package dev.berth.cli.apps;

import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Takes 3 seconds to start, after every endpoint is bound, and says so on stderr: the window
 * between bind and ready, held open long enough for a test to send a signal into it.
 */
public final class SlowStartApplication implements BerthApplication {
  private Vertx vertx;

  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    this.vertx = vertx;
    return request -> request.response().end("ok");
  }

  @Override
  public Future<Void> start(BerthServer server) {
    System.err.println("test-app: starting after bind");
    System.err.flush();
    Promise<Void> started = Promise.promise();
    vertx.setTimer(3_000, t -> started.complete());
    return started.future();
  }
}
