package dev.berth.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Stands in front of the application while endpoints are bound but the server is not yet
 * ready: Vert.x needs a handler before it listens, and the kernel completes handshakes as
 * soon as a socket listens. Until opened, a request gets 503 with Retry-After, so nothing
 * is served before every endpoint is bound and the application has started.
 */
final class StartGate implements Handler<HttpServerRequest> {

  private volatile Handler<HttpServerRequest> delegate;

  void open(Handler<HttpServerRequest> handler) {
    delegate = handler;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Handler<HttpServerRequest> target = delegate;
    if (target != null) {
      target.handle(request);
      return;
    }
    request.response()
        .setStatusCode(503)
        .putHeader("Retry-After", "1")
        .putHeader("Connection", "close")
        .end("not ready\n");
  }
}
