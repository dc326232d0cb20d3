package dev.berth.server;

import dev.berth.server.internal.vertx.VertxInternals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17: two endpoints that resolve to one address used to share a socket or fail with
 * 75 depending on which listen registered in Vert.x first. Every interleaving must now give
 * the same verdict: within one server a usage error before anything listens; across two
 * servers on one Vert.x instance exactly one binds and the other is "address in use" by
 * another server in this JVM. Run many times, both orders, names and literals.
 */
@Isolated
class OverlapRaceTest {

  private static final int ROUNDS = 200;

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
  void oneServerWithANameAndItsAddressIsAUsageErrorEveryTime(Transport transport) throws Exception {
    Vertx vertx = transport.vertx();
    try {
      assumeLocalhostIs127(vertx);
      for (int round = 0; round < ROUNDS; round++) {
        int port = freePort();
        String name = "localhost:" + port;
        String literal = "127.0.0.1:" + port;
        List<String> order = round % 2 == 0 ? List.of(name, literal) : List.of(literal, name);
        BerthServer server = BerthServer.builder().vertx(vertx).bind(order.toArray(String[]::new))
            .handler(r -> r.response().end()).build();
        int r = round;
        assertThatThrownBy(server::startAndWait).as("round %d, order %s", r, order)
            .isInstanceOf(InvalidEndpointException.class)
            .hasMessageContaining("'" + order.get(1) + "'").hasMessageContaining("overlaps " + order.get(0))
            .hasMessageContaining("localhost resolves to 127.0.0.1");
        assertThat(server.state()).isEqualTo(BerthServer.State.FAILED);
        assertThat(ExitCode.of(new CompletionException(new InvalidEndpointException("x", "y", "")))).isEqualTo(ExitCode.USAGE);
      }
      assertThat(((io.vertx.core.internal.VertxInternal) vertx).sharedTcpServers()).as("nothing ever listened").isEmpty();
      System.out.printf("OverlapRaceTest %s: %d rounds, usage error before any listen every time%n", transport, ROUNDS);
    } finally {
      vertx.close().await();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
  void twoServersOnOneVertxNeverShareWhateverTheHostText(Transport transport) throws Exception {
    Vertx vertx = transport.vertx();
    try {
      assumeLocalhostIs127(vertx);
      List<List<String>> pairs = List.of(List.of("localhost", "127.0.0.1"), List.of("127.0.0.1", "localhost"),
          List.of("127.0.0.1", "127.0.0.1"), List.of("0.0.0.0", "127.0.0.1"), List.of("localhost", "0.0.0.0"));
      int firstWon = 0;
      for (int round = 0; round < ROUNDS; round++) {
        List<String> hosts = pairs.get(round % pairs.size());
        int port = freePort();
        BerthServer a = BerthServer.builder().vertx(vertx).bind(hosts.get(0) + ":" + port).handler(r -> r.response().end("a")).build();
        BerthServer b = BerthServer.builder().vertx(vertx).bind(hosts.get(1) + ":" + port).handler(r -> r.response().end("b")).build();
        // Both at once: the interleaving is whatever the event loops make of it.
        Future<BindReport> first = a.start();
        Future<BindReport> second = b.start();
        BindReport ra = first.toCompletionStage().toCompletableFuture().join();
        BindReport rb = second.toCompletionStage().toCompletableFuture().join();
        String what = "round " + round + " " + hosts + " port " + port + ": " + ra.toJson().encode() + " / " + rb.toJson().encode();
        assertThat(List.of(ra.succeeded(), rb.succeeded())).as(what).containsExactlyInAnyOrder(true, false);
        BindReport lost = ra.succeeded() ? rb : ra;
        BindFailure f = lost.failures().get(0).failure();
        assertThat(f.reason()).as(what).isEqualTo(FailureReason.ADDRESS_IN_USE);
        assertThat(f.osMessage()).as(what).startsWith("another server in this JVM listens on ").endsWith(":" + port);
        assertThat(f.holderIfKnown()).as(what).hasValueSatisfying(h -> assertThat(h.toString()).isEqualTo(BindFailure.Holder.THIS_PROCESS));
        assertThat(ExitCode.of(lost)).isEqualTo(ExitCode.TEMPFAIL);
        (ra.succeeded() ? a : b).stopAndWait(Duration.ofSeconds(5));
        firstWon += ra.succeeded() ? 1 : 0;
      }
      System.out.printf("OverlapRaceTest %s: %d rounds, one bound and one 'another server in this JVM' every time;"
          + " the first started won %d, the second %d%n", transport, ROUNDS, firstWon, ROUNDS - firstWon);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void instancesAreTheOneDeliberateSharingAndSaySo() {
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").instances(3).handler(r -> r.response().end()).build();
    BindReport report = Bind.started(server);
    try {
      assertThat(report.bound().get(0).instances()).isEqualTo(3);
      assertThat(report.toJson().getJsonArray("endpoints").getJsonObject(0).getInteger("instances")).isEqualTo(3);
    } finally {
      Bind.stop(server);
    }
  }

  /** A port nothing listens on right now; the rounds fail loudly (not vacuously) if someone takes it meanwhile. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static void assumeLocalhostIs127(Vertx vertx) {
    InetAddress resolved = VertxInternals.resolve(vertx, "localhost").await();
    assumeTrue(resolved.getHostAddress().equals("127.0.0.1"),
        () -> "localhost resolves to " + resolved + " here, not 127.0.0.1: the overlap this test races needs it");
  }
}
