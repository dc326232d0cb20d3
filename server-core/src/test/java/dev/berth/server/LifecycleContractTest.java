package dev.berth.server;

import dev.berth.server.internal.bind.Hints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What the accessors say in each state, stop() while starting, and the failure texts. */
class LifecycleContractTest {

  @Test
  void beforeStartTheAccessorsSaySoHonestly() {
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").handler(r -> r.response().end()).build();
    assertThat(server.state()).isEqualTo(BerthServer.State.NEW);
    assertThat(server.report()).isEmpty();
    assertThat(server.addresses()).isEmpty();
    assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("the server is NEW");
    assertThatThrownBy(server::vertx).isInstanceOf(IllegalStateException.class).hasMessageContaining("no Vert.x instance yet");
    server.stopAndWait(Duration.ZERO); // nothing to stop: does nothing
    assertThat(server.state()).isEqualTo(BerthServer.State.NEW);
  }

  @Test
  void stopWhileStartingStopsOnceTheStartSettles() {
    Promise<Void> appStarted = Promise.promise();
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").application(new BerthApplication() {
      @Override
      public io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> requestHandler(io.vertx.core.Vertx vertx) {
        return r -> r.response().end();
      }

      @Override
      public Future<Void> start(BerthServer s) {
        s.vertx().setTimer(300, id -> appStarted.complete());
        return appStarted.future();
      }
    }).build();
    Future<BindReport> starting = server.start();
    assertThat(server.state()).isEqualTo(BerthServer.State.STARTING);
    Future<Void> stopping = server.stop(Duration.ofSeconds(1));
    stopping.toCompletionStage().toCompletableFuture().join();
    assertThat(starting.succeeded()).isTrue();
    assertThat(server.state()).isEqualTo(BerthServer.State.STOPPED);
    try (var freed = Bind.holdFreed(starting.result().bound().get(0).port())) {
      assertThat(freed.port()).isPositive();
    }
  }

  @Test
  void aHandlerThatFailsBeforeBindingHasNoReportAtAll() {
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").application(vertx -> {
      throw new IllegalStateException("no routes");
    }).build();
    assertThatThrownBy(server::startAndWait).isInstanceOfSatisfying(ApplicationStartException.class, e -> {
      assertThat(e.report()).as("nothing was bound, so there is no report claiming ok").isEmpty();
      assertThat(e.getMessage()).contains("no routes");
    });
    assertThat(server.state()).isEqualTo(BerthServer.State.FAILED);
    assertThat(server.report()).isEmpty();
    assertThat(ExitCode.of(new CompletionException(new ApplicationStartException("x", null, null)))).isEqualTo(ExitCode.SOFTWARE);
  }

  @Test
  void anEmptyReportCannotBeMade() {
    assertThatThrownBy(() -> new BindReport(java.util.List.of(), BindReport.Transport.NIO, java.time.Instant.now(), Duration.ZERO, java.util.Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailureWithoutErrnoHasNoStraySeparators() {
    TcpEndpoint endpoint = TcpEndpoint.of("no-such-host.invalid", 80);
    BindFailure f = new BindFailure(FailureReason.HOST_UNRESOLVED, null, 0, "no-such-host.invalid: Name or service not known", 1,
        Hints.forFailure(endpoint, FailureReason.HOST_UNRESOLVED, null), null, null);
    assertThat(f.errnoText()).isEmpty();
    assertThat(new BindOutcome.Failed(endpoint, f).oneLine()).isEqualTo("cannot listen on no-such-host.invalid:80:"
        + " host name does not resolve (no-such-host.invalid: Name or service not known); 'no-such-host.invalid' did not"
        + " resolve; check its spelling, /etc/hosts and DNS, or use an IP address");
    BindFailure inUse = new BindFailure(FailureReason.ADDRESS_IN_USE, "EADDRINUSE", 98, "Address already in use", 2, "stop it", null, null);
    assertThat(inUse.oneLine()).isEqualTo("address already in use (EADDRINUSE (98)) after 2 attempts; stop it");
    assertThat(BindReport.fromJson(new BindReport(java.util.List.of(new BindOutcome.Failed(endpoint, inUse)), BindReport.Transport.NIO,
        java.time.Instant.now(), Duration.ZERO, java.util.Map.of()).toJson()).failures().get(0).failure().errnoNumber()).isEqualTo(98);
  }
}
