package dev.berth.server.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One line per episode, then a count per interval while it lasts, then one end line. */
class OverloadLogTest {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final OverloadLog log = new OverloadLog(n -> lines.add(n.line()), open::get, 100, Duration.ofSeconds(10));

  @Test
  void aThousandShedConnectionsAreThreeLines() {
    for (int i = 0; i < 1000; i++) {
      log.shed();
    }
    log.tick();
    log.tick();
    log.tick(); // nothing left to say
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("closed a connection whose request headers were not complete in time (ConnectionLimits.headerTimeout 10s; 1s while at the connection cap)");
    assertThat(lines.get(1)).startsWith("closed 999 more slow connections in the last 10s").endsWith("1000 in all");
    assertThat(lines.get(2)).isEqualTo("no slow connection closed in the last 10s; 1000 closed over " + lines.get(2).split("over ")[1]);
  }

  @Test
  void theCapGoesOnWhileItHoldsEvenWithoutNewEvents() {
    open.set(100);
    log.capReached();
    log.tick();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("connection cap reached: 100 connections open (ConnectionLimits.maxConnections 100;")
        .contains("LimitNOFILE=", "ConnectionLimits.headerTimeout 10s");
    assertThat(lines.get(1)).startsWith("still at the connection cap (100 open)");
    open.set(3);
    log.tick();
    assertThat(lines.get(2)).startsWith("below the connection cap again (3 of 100 open); the cap was reached 1 times");
    log.capReached();
    assertThat(lines).as("a new episode starts with a new first line").hasSize(4);
    assertThat(lines.get(3)).startsWith("connection cap reached");
  }

  @Test
  void acceptFailuresNameTheErrnoAndTheFix() {
    log.acceptFailed("EMFILE (24) Too many open files");
    log.acceptFailed("EMFILE (24) Too many open files");
    log.tick();
    assertThat(lines.get(0)).startsWith("cannot accept connections: EMFILE (24) Too many open files (descriptor limit")
        .endsWith("Raise LimitNOFILE= or lower ConnectionLimits.maxConnections");
    assertThat(lines.get(1)).startsWith("still cannot accept: 1 more failed accepts in the last 10s (EMFILE (24)");
  }

  @Test
  void durationsReadAsOnTheCommandLine() {
    assertThat(OverloadLog.text(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(OverloadLog.text(Duration.ofMillis(300))).isEqualTo("300ms");
    assertThat(OverloadLog.text(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(OverloadLog.text(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(OverloadLog.text(Duration.ofMillis(8400))).isEqualTo("8.4s");
  }
}
