package dev.berth.server.internal.engine;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Stands in front of the application. While endpoints are bound but the server is not yet
 * ready (Vert.x needs a handler before it listens, and the kernel completes handshakes as
 * soon as a socket listens) a request gets 503 with Retry-After, so nothing is served
 * before every endpoint is bound and the application has started. Afterwards it refuses a
 * declared body over the limit with 413, and turns an exception escaping the application
 * into a bare 500: no stack trace or internal path ever reaches a client. An HTTP/2 request
 * has no request line for the HTTP/1 decoder to limit, so its target is held to the same
 * length here (414). {@code Connection: close} goes on HTTP/1 answers only: HTTP/2 forbids
 * connection-specific headers, and clients reject a response that carries one.
 */
public final class StartGate implements Handler<HttpServerRequest> {

  private final long maxBodySize;
  private final int maxRequestLine;
  private volatile Handler<HttpServerRequest> delegate;

  public StartGate(long maxBodySize, int maxRequestLine) {
    this.maxBodySize = maxBodySize;
    this.maxRequestLine = maxRequestLine;
  }

  public void open(Handler<HttpServerRequest> handler) {
    delegate = handler;
  }

  /** Another handler behind this same gate (503 until it opens), e.g. the metrics endpoint's. */
  public Handler<HttpServerRequest> beside(Handler<HttpServerRequest> handler) {
    return request -> {
      if (delegate != null) {
        handler.handle(request);
      } else {
        notReady(request);
      }
    };
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
        closing(request).setStatusCode(413).end("request body too large\n");
        return;
      }
      if (request.version() == HttpVersion.HTTP_2 && request.uri().length() > maxRequestLine) {
        request.response().setStatusCode(414).end("request target longer than " + maxRequestLine + " bytes\n");
        return;
      }
      try {
        target.handle(request);
      } catch (RuntimeException e) {
        Log.of(StartGate.class).log(System.Logger.Level.ERROR, request.method() + " " + request.path() + ": the application threw", e);
        if (!request.response().ended() && !request.response().headWritten()) {
          closing(request).setStatusCode(500).end("internal error\n");
        } else if (!request.response().ended()) {
          request.connection().close();
        }
      }
      return;
    }
    notReady(request);
  }

  private static void notReady(HttpServerRequest request) {
    closing(request)
        .setStatusCode(503)
        .putHeader("Retry-After", "1")
        .end("not ready\n");
  }

  /** The response, saying that the connection closes after it where the protocol has such a header (HTTP/1). */
  private static HttpServerResponse closing(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    return request.version() == HttpVersion.HTTP_2 ? response : response.putHeader("Connection", "close");
  }
}
