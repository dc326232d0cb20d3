package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Await;
import dev.berth.testkit.PortHolder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failed binds and start/stop cycles must leave descriptors and threads at baseline: a
 * supervisor may retry for days, and an embedder may restart a server in a long-lived JVM.
 * Isolated, so that the counts are ours alone.
 */
@Isolated
class ResourceLeakTest {

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"}) // both share one Vert.x, which the probe never runs for
  void aThousandFailedBindsLeakNoDescriptorsOrThreads(Transport transport) throws Exception {
    Vertx vertx = transport.vertx();
    try (PortHolder holder = PortHolder.hold("127.0.0.1", 0)) {
      for (int i = 0; i < 50; i++) {
        failOnce(vertx, holder);
      }
      long fds = openDescriptors();
      long threads = threadCount();
      for (int i = 0; i < 1000; i++) {
        failOnce(vertx, holder);
      }
      assertSettles("descriptors", ResourceLeakTest::openDescriptors, fds);
      assertSettles("threads", ResourceLeakTest::threadCount, threads);
    } finally {
      vertx.close().await();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"}) // both share one Vert.x, which the probe never runs for
  void aThousandStartStopCyclesLeakNothing(Transport transport) throws Exception {
    Vertx vertx = transport.vertx();
    try {
      for (int i = 0; i < 50; i++) {
        cycle(vertx);
      }
      long fds = openDescriptors();
      long threads = threadCount();
      for (int i = 0; i < 1000; i++) {
        cycle(vertx);
      }
      assertSettles("descriptors", ResourceLeakTest::openDescriptors, fds);
      assertSettles("threads", ResourceLeakTest::threadCount, threads);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void serversThatOwnTheirVertxReleaseItsThreadsOnStopAndOnFailure() throws Exception {
    for (int i = 0; i < 5; i++) {
      ownedCycle();
    }
    long fds = openDescriptors();
    long threads = threadCount();
    try (PortHolder holder = PortHolder.hold("127.0.0.1", 0)) {
      for (int i = 0; i < 100; i++) {
        ownedCycle();
        assertThat(BerthServer.builder().bind(holder.endpoint()).handler(r -> r.response().end()).build()
            .startAndWait().succeeded()).isFalse();
      }
    }
    assertSettles("descriptors", ResourceLeakTest::openDescriptors, fds);
    assertSettles("threads", ResourceLeakTest::threadCount, threads);
  }

  private static void ownedCycle() {
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").handler(r -> r.response().end()).build();
    Bind.started(server);
    server.stopAndWait(Duration.ofSeconds(5));
  }

  private static void cycle(Vertx vertx) {
    BerthServer server = BerthServer.builder().vertx(vertx).bind("127.0.0.1:0").handler(r -> r.response().end()).build();
    Bind.started(server);
    server.stopAndWait(Duration.ofSeconds(5));
  }

  private static void failOnce(Vertx vertx, PortHolder holder) {
    BindReport report = BerthServer.builder().vertx(vertx).bind(holder.endpoint()).handler(r -> r.response().end()).build().startAndWait();
    assertThat(report.succeeded()).isFalse();
  }

  /** Threads and descriptors are released asynchronously; allow a few seconds, and 2 of slack for JDK-internal ones. */
  private static void assertSettles(String what, LongSupplier count, long baseline) {
    long now = Await.result(what + " back to at most baseline + 2", Duration.ofSeconds(10), () -> {
      long n = count.getAsLong();
      assertThat(n).as("%s: baseline %d, now %d", what, baseline, n).isLessThanOrEqualTo(baseline + 2);
      return n;
    });
    System.out.printf("ResourceLeakTest: %s baseline %d, after %d%n", what, baseline, now);
  }

  static long threadCount() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  static long openDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
