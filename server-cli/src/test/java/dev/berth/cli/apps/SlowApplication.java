package dev.berth.cli.apps;

import dev.berth.server.BerthApplication;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers every request after {@code ?ms=N} milliseconds (default 500) and says on stderr
 * when a request arrived, so a test can signal berth while requests are really in flight.
 */
public final class SlowApplication implements BerthApplication {
  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    return request -> {
      String ms = request.getParam("ms");
      long delay = ms == null ? 500 : Long.parseLong(ms);
      System.err.println("test-app: in flight " + request.path());
      System.err.flush();
      vertx.setTimer(delay, t -> request.response().end("done " + request.path()));
    };
  }
}
