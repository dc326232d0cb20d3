package dev.berth.server.internal.engine;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Stands in front of the application. While endpoints are bound but the server is not yet
 * ready (Vert.x needs a handler before it listens, and the kernel completes handshakes as
 * soon as a socket listens) a request gets 503 with Retry-After, so nothing is served
 * before every endpoint is bound and the application has started. Afterwards it refuses a
 * declared body over the limit with 413, and turns an exception escaping the application
 * into a bare 500: no stack trace or internal path ever reaches a client.
 */
public final class StartGate implements Handler<HttpServerRequest> {

  private final long maxBodySize;
  private volatile Handler<HttpServerRequest> delegate;

  public StartGate(long maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  public void open(Handler<HttpServerRequest> handler) {
    delegate = handler;
  }

  private boolean declaredBodyTooLarge(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length == null) {
      return false;
    }
    try {
      return Long.parseLong(length.trim()) > maxBodySize;
    } catch (NumberFormatException e) {
      return false; // the HTTP codec rejects a malformed length itself
    }
  }

  @Override
  public void handle(HttpServerRequest request) {
    Handler<HttpServerRequest> target = delegate;
    if (target != null) {
      if (declaredBodyTooLarge(request)) {
        request.response().setStatusCode(413).putHeader("Connection", "close").end("request body too large\n");
        return;
      }
      try {
        target.handle(request);
      } catch (RuntimeException e) {
        Log.of(StartGate.class).log(System.Logger.Level.ERROR, request.method() + " " + request.path() + ": the application threw", e);
        if (!request.response().ended() && !request.response().headWritten()) {
          request.response().setStatusCode(500).putHeader("Connection", "close").end("internal error\n");
        } else if (!request.response().ended()) {
          request.connection().close();
        }
      }
      return;
    }
    request.response()
        .setStatusCode(503)
        .putHeader("Retry-After", "1")
        .putHeader("Connection", "close")
        .end("not ready\n");
  }
}
