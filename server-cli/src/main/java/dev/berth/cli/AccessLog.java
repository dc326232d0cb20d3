package dev.berth.cli;

import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/**
 * Wraps the application so that every request leaves one access-log line when its response
 * ends (or its connection closes first). A vertx-web Router keeps its own end handlers on
 * the response, so for a Router the hook is its first route and the Router's own
 * {@code addEndHandler}; any other handler is wrapped directly.
 */
final class AccessLog implements BerthApplication {

  private final BerthApplication application;
  private final AccessLogWriter writer;
  private final Function<AccessLogFormat.Entry, String> format;

  AccessLog(BerthApplication application, AccessLogWriter writer, Function<AccessLogFormat.Entry, String> format) {
    this.application = application;
    this.writer = writer;
    this.format = format;
  }

  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    Handler<HttpServerRequest> handler = application.requestHandler(vertx);
    if (handler instanceof Router router) {
      router.route().order(Integer.MIN_VALUE).handler(context -> {
        Once once = new Once(context.request());
        context.addEndHandler(result -> once.handle(null));
        context.next();
      });
      return router;
    }
    return request -> {
      Once once = new Once(request);
      request.response().endHandler(once).closeHandler(once);
      handler.handle(request);
    };
  }

  @Override
  public Future<Void> start(BerthServer server) {
    writer.start();
    return application.start(server);
  }

  @Override
  public Future<Void> stop() {
    return application.stop().eventually(() -> {
      writer.close();
      return Future.succeededFuture();
    });
  }

  /** Logs one request exactly once, whichever of "ended" and "closed" comes first. */
  private final class Once implements Handler<Void> {
    private final HttpServerRequest request;
    private final long startNanos = System.nanoTime();
    private boolean logged;

    Once(HttpServerRequest request) {
      this.request = request;
    }

    @Override
    public void handle(Void ignored) {
      if (!logged) {
        logged = true;
        writer.write(format.apply(AccessLogFormat.Entry.of(request, startNanos, System.currentTimeMillis())));
      }
    }
  }
}
