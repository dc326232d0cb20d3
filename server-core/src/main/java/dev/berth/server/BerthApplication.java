package dev.berth.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * A user's HTTP application, as the {@code berth} CLI loads it by class name (a public
 * class with a public no-argument constructor) — Berth's analogue of an ASGI
 * {@code module:app}.
 *
 * <p>The lifecycle keeps binding and application start apart, so each failure is told
 * as itself: {@link #requestHandler} builds the handler (no I/O) before any bind; every
 * endpoint is bound; only then does {@link #start} run; only when it succeeds is the
 * server served and announced ready. A failed start is an application failure, never a
 * bind failure, and leaves nothing listening.
 */
public interface BerthApplication {

  /** Builds the request handler (a vertx-web {@code Router} is one). Called once, before binding. */
  Handler<HttpServerRequest> requestHandler(Vertx vertx);

  /** Runs after every endpoint is bound and before any request is served. */
  default Future<Void> start(BerthServer server) {
    return Future.succeededFuture();
  }

  /** Runs on stop, after in-flight requests drained. */
  default Future<Void> stop() {
    return Future.succeededFuture();
  }

  /** An application that is just a handler. */
  static BerthApplication of(Handler<HttpServerRequest> handler) {
    return vertx -> handler;
  }
}
