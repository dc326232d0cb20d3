package dev.berth.server.examples;

import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

// docs:router-service:start
/** A small REST service on a vertx-web Router: the routes are built before binding, the data loaded after. */
public final class OrdersService implements BerthApplication {

  private final Map<String, JsonObject> orders = new ConcurrentHashMap<>();
  private Vertx vertx;

  @Override
  public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
    this.vertx = vertx;
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.response().end("ok"));
    router.get("/orders/:id").handler(ctx -> {
      JsonObject order = orders.get(ctx.pathParam("id"));
      if (order == null) {
        ctx.response().setStatusCode(404).end();
      } else {
        ctx.json(order);
      }
    });
    return router;
  }

  /** Runs once every endpoint is bound; a failure here ends the start (exit 70), nothing stays bound. */
  @Override
  public Future<Void> start(BerthServer server) {
    String seed = System.getProperty("orders.seed");
    if (seed == null) {
      orders.put("1", new JsonObject().put("id", "1").put("item", "coffee"));
      return Future.succeededFuture();
    }
    return vertx.fileSystem().readFile(seed).map(bytes -> {
      new JsonObject(bytes).forEach(e -> orders.put(e.getKey(), (JsonObject) e.getValue()));
      return null;
    });
  }
}
// docs:router-service:end
