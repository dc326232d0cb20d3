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

  /**
   * Builds the request handler (a vertx-web {@code Router} is one). Called once, before binding.
   *
   * @param vertx the server's Vert.x instance
   * @return the handler that serves every request once the server is ready
   */
  Handler<HttpServerRequest> requestHandler(Vertx vertx);

  /**
   * Runs after every endpoint is bound and before any request is served.
   *
   * @param server the server, bound on every endpoint ({@link BerthServer#vertx()} works)
   * @return completes when the application is ready; a failure ends the start (exit 70)
   */
  default Future<Void> start(BerthServer server) {
    return Future.succeededFuture();
  }

  /**
   * Runs on stop, after in-flight requests drained.
   *
   * @return completes when the application has stopped; a failure is ignored
   */
  default Future<Void> stop() {
    return Future.succeededFuture();
  }

  /**
   * An application that is just a handler.
   *
   * @param handler serves every request
   * @return an application with no start or stop work
   */
  static BerthApplication of(Handler<HttpServerRequest> handler) {
    return vertx -> handler;
  }
}
