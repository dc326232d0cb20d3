package dev.berth.cli;

import dev.berth.server.BerthApplication;
import io.netty.util.AsciiString;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * What {@code berth serve} answers without {@code --app}: {@code /} and {@code /health}
 * (for probes), 404 otherwise. Everything a response needs is built once, and the Date header
 * (RFC 9110 6.6.1) once a second, so a request costs almost no allocation beyond Vert.x's own.
 */
final class BuiltinApplication implements BerthApplication {

  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    return Responses::handle;
  }

  /**
   * Built on first use, when the server is about to serve: loading Netty's header classes
   * starts its logging, and with it log4j, which a run that fails before binding need not pay.
   */
  private static final class Responses {
    private static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized("text/plain; charset=utf-8");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final Buffer ROOT = Buffer.buffer("berth: ok\n");
    private static final Buffer HEALTH = Buffer.buffer("{\"status\":\"UP\"}\n");
    private static final Buffer NOT_FOUND = Buffer.buffer("not found\n");
    private static final AsciiString ROOT_PATH = AsciiString.cached("/");
    private static final AsciiString HEALTH_PATH = AsciiString.cached("/health");

    private static void handle(HttpServerRequest request) {
      String path = request.path();
      HttpServerResponse response = request.response().putHeader(HttpHeaders.DATE, HttpDates.now());
      if (HEALTH_PATH.contentEquals(path)) {
        response.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(HEALTH);
      } else if (ROOT_PATH.contentEquals(path)) {
        response.putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN).end(ROOT);
      } else {
        response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN).end(NOT_FOUND);
      }
    }
  }
}
