package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.PortHolder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Binding rules 1 and 3: all or nothing, and no silent sharing. */
class AllOrNothingTest {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void partialFailureLeavesNothingListening(Transport transport) {
    int freed;
    try (PortHolder busy = PortHolder.hold("127.0.0.1", 0)) {
      BerthServer server = transport.builder().bind("127.0.0.1:0", busy.endpoint(), "127.0.0.1:0").build();
      BindReport report = server.startAndWait();
      assertThat(report.succeeded()).isFalse();
      assertThat(report.outcomes()).hasSize(3);
      assertThat(report.bound()).hasSize(2);
      assertThat(report.failures()).singleElement()
          .satisfies(f -> assertThat(f.failure().reason()).isEqualTo(FailureReason.ADDRESS_IN_USE));
      freed = report.bound().get(0).port();
      // Proof by binding: the port the first endpoint had is free again.
      try (PortHolder again = Bind.holdFreed(freed)) {
        assertThat(again.port()).isEqualTo(freed);
      }
      try (PortHolder again = Bind.holdFreed(report.bound().get(1).port())) {
        assertThat(again.isHolding()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"}) // a given Vert.x: no probe
  void anotherBerthServerInTheSameVertxMeansInUse(Transport transport) {
    Vertx vertx = transport.vertx();
    try {
      // Vert.x registers a listener for sharing only when it was given an explicit port.
      int port;
      try (PortHolder probe = PortHolder.hold("127.0.0.1", 0)) {
        port = probe.port();
      }
      BerthServer first = BerthServer.builder().vertx(vertx).bind("127.0.0.1:" + port).handler(r -> r.response().end("1")).build();
      Bind.started(first);
      BerthServer second = BerthServer.builder().vertx(vertx).bind("127.0.0.1:" + port).handler(r -> r.response().end("2")).build();
      BindFailure f = Bind.failureOf(BerthServer.builder().vertx(vertx).bind("127.0.0.1:" + port).handler(r -> r.response().end("2")), transport);
      assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
      assertThat(f.osMessage()).isEqualTo("another server in this JVM listens on 127.0.0.1:" + port);
      assertThat(f.holderIfKnown()).hasValueSatisfying(h -> assertThat(h.toString()).isEqualTo(BindFailure.Holder.THIS_PROCESS));
      assertThat(second.isRunning()).isFalse();
      Bind.stop(first);
    } finally {
      vertx.close().await();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"}) // a given Vert.x: no probe
  void aPlainVertxServerOnTheSameKeyMeansInUse(Transport transport) {
    Vertx vertx = transport.vertx();
    try {
      int port;
      try (PortHolder probe = PortHolder.hold("127.0.0.1", 0)) {
        port = probe.port();
      }
      HttpServer plain = vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(port, "127.0.0.1").await();
      BindFailure f = Bind.failureOf(BerthServer.builder().vertx(vertx).bind("127.0.0.1:" + plain.actualPort())
          .handler(r -> r.response().end()), transport);
      assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
      assertThat(f.osMessage()).isEqualTo("another server in this JVM listens on 127.0.0.1:" + port);
      // A different key for the same socket (a name) is refused before any listen too.
      BindFailure byName = Bind.failureOf(BerthServer.builder().vertx(vertx).bind("localhost:" + plain.actualPort())
          .handler(r -> r.response().end()), transport);
      assertThat(byName.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void duplicateEndpointsAreRejectedBeforeAnythingBinds() {
    assertThatThrownBy(() -> BerthServer.builder().bind("127.0.0.1:8080", "127.0.0.1:8080").handler(r -> {}).build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("'127.0.0.1:8080': listed more than once");
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = "EPOLL") // Vert.x sets SO_REUSEPORT only on native transports
  void reusePortIsOffUnlessAskedAndWhenOnAConflictIsUndetectable(Transport transport) {
    BerthServer first = transport.builder().bind("127.0.0.1:0").reusePort(true).build();
    int port = Bind.started(first).bound().get(0).port();
    try {
      BerthServer withoutReuse = transport.builder().bind("127.0.0.1:" + port).build();
      assertThat(withoutReuse.startAndWait().succeeded()).as("default: conflict detected").isFalse();
      BerthServer withReuse = transport.builder().bind("127.0.0.1:" + port).reusePort(true).build();
      BindReport shared = withReuse.startAndWait();
      // Documented trade-off: with SO_REUSEPORT on both sides the kernel shares the port.
      assertThat(shared.succeeded()).isTrue();
      Bind.stop(withReuse);
    } finally {
      Bind.stop(first);
    }
  }
}
