package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.PortHolder;
import dev.berth.testkit.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The one-line failure promise on a starved machine: Vert.x's blocked-thread checker warns when
 * an event-loop task runs longer than 2 s of wall time, which on a machine without a free core is
 * any task. That is not an application bug, and berth's failure paths print no such line.
 */
@Isolated // keeps every core busy on purpose
class StarvedFailureProcessTest {

  private static final String CHECKER = "has been blocked for";

  /** Certain: the event loop really is held 3.5 s before the failure (no timing luck needed). */
  @Test
  void anEventLoopHeldLongerThanTheCheckersLimitAddsNoLineToTheFailure() {
    ServerProcess berth = Berth.run("serve", "--bind", "127.0.0.1:0",
        "--app", "dev.berth.cli.apps.EventLoopBlockingFailingStartApplication");
    assertThat(berth.awaitExit(Berth.EXIT)).as(berth.stderr()).isEqualTo(70);
    List<String> lines = berth.stderrLines();
    // the app's own line says where start ran: on an event loop, or the checker could not see it
    assertThat(lines.get(0)).as(berth.stderr()).startsWith("test-app: start runs on vert.x-eventloop-thread-");
    assertThat(lines.subList(1, lines.size())).as(berth.stderr()).singleElement().asString()
        .contains("the application failed to start").contains("database unreachable");
    assertThat(berth.stderr()).doesNotContain(CHECKER, "\tat ");
  }

  /** The race's losing path (PortRaceProcessTest) with every core kept busy by this JVM meanwhile. */
  @Test
  void aPortInUseIsStillOneLineWithEveryCoreBusy() throws Exception {
    AtomicBoolean hogging = new AtomicBoolean(true);
    List<Thread> hogs = new ArrayList<>();
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      Thread hog = new Thread(() -> {
        long x = 0;
        while (hogging.get()) {
          x += System.nanoTime() % 7;
        }
        if (x == 42) {
          System.out.print("");
        }
      }, "cpu-hog-" + i);
      hog.setDaemon(true);
      hog.start();
      hogs.add(hog);
    }
    try (PortHolder held = PortHolder.hold("127.0.0.1", 0)) {
      ServerProcess berth = Berth.run("serve", "--bind", "127.0.0.1:" + held.port());
      assertThat(berth.awaitExit(Berth.EXIT)).as(berth.stderr()).isEqualTo(75);
      assertThat(berth.stderrLines()).as(berth.stderr()).singleElement().asString()
          .startsWith("berth: cannot listen on 127.0.0.1:" + held.port() + ": address already in use");
    } finally {
      hogging.set(false);
      for (Thread hog : hogs) {
        hog.join();
      }
    }
  }
}
