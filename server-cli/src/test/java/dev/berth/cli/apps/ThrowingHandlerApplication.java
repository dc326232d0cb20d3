package dev.berth.cli.apps;

import dev.berth.server.BerthApplication;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Throws from its handler on {@code /boom} with a message full of internals (a class name,
 * a file path), so a test can check that none of it reaches the client; answers "ok" elsewhere.
 */
public final class ThrowingHandlerApplication implements BerthApplication {
  public static final String SECRET = "secret-detail /srv/internal/db.properties";

  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    return request -> {
      if (request.path().equals("/boom")) {
        throw new IllegalStateException(SECRET);
      }
      request.response().end("ok");
    };
  }
}
