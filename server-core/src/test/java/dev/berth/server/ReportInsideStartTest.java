package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An application's start sees where the server listens: the report is filled before start(server) runs. */
class ReportInsideStartTest {

  @Test
  void theReportIsThereWhenTheApplicationStarts() {
    AtomicReference<BindReport> seen = new AtomicReference<>();
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").application(new BerthApplication() {
      @Override
      public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
        return request -> request.response().end();
      }

      @Override
      public Future<Void> start(BerthServer s) {
        seen.set(s.report().orElse(null));
        return Future.succeededFuture();
      }
    }).build();
    try {
      BindReport report = server.startAndWait();
      assertThat(seen.get()).as("report() inside start(server)").isNotNull();
      assertThat(seen.get().bound()).hasSize(1);
      assertThat(seen.get().bound().get(0).port()).isEqualTo(report.bound().get(0).port()).isPositive();
    } finally {
      server.stopAndWait(Duration.ofSeconds(5));
    }
  }
}
