package dev.berth.cli.apps;

import dev.berth.server.BerthApplication;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/** Found and of the right type, but its constructor throws: the application's fault, 70. */
public final class ThrowingConstructorApplication implements BerthApplication {
  public ThrowingConstructorApplication() {
    throw new IllegalStateException("missing configuration");
  }

  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    return request -> request.response().end();
  }
}
