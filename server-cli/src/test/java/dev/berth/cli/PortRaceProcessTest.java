package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two deploys racing for one port, sixteen times over: started at once on the same port,
 * exactly one berth serves and every other exits 75 naming the winner; none hangs. Rounds:
 * {@code -Dberth.race.rounds=N} (default 2, to keep CI fast; docs/reliability.md records 20).
 * Timings are printed for the doc, never asserted: 16 JVMs on a small machine are slow.
 */
class PortRaceProcessTest {

  private static final int CONTENDERS = 16;
  private static final int ROUNDS = Integer.getInteger("berth.race.rounds", 2);
  /** Generous: 16 cold JVMs on 2 shared cores took about 15 s here. */
  private static final Duration SETTLE = Duration.ofMinutes(3);

  @Test
  void sixteenBerthsOnOnePortOneServesTheOthersExit75NamingIt() throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      raceOnce(round);
    }
  }

  private static void raceOnce(int round) throws Exception {
    int port = freePort();
    List<ServerProcess> contenders = new ArrayList<>();
    long launched = System.nanoTime();
    try {
      for (int i = 0; i < CONTENDERS; i++) {
        contenders.add(ServerProcess.command(Berth.java().jvmArg("-Xmx64m").args("serve", "--bind", "127.0.0.1:" + port).build())
            .readyWhenStderrMatches(Berth.READY).start());
      }
      long deadline = launched + SETTLE.toNanos();
      while (!settled(contenders)) {
        assertThat(System.nanoTime()).as("round %d: not settled within %s: %s", round, SETTLE, states(contenders))
            .isLessThan(deadline);
        Thread.sleep(50);
      }
      long settledMillis = (System.nanoTime() - launched) / 1_000_000;

      List<ServerProcess> serving = contenders.stream().filter(ServerProcess::isAlive).toList();
      assertThat(serving).as("round %d: exactly one serves; %s", round, states(contenders)).hasSize(1);
      ServerProcess winner = serving.get(0);
      assertThat(winner.stderr()).contains(Berth.READY + "http://127.0.0.1:" + port);
      assertThat(RawHttp.get(port, "/")).startsWith("HTTP/1.1 200");
      for (ServerProcess loser : contenders) {
        if (loser == winner) {
          continue;
        }
        assertThat(loser.awaitExit(Berth.EXIT)).as("round %d: %s", round, loser.stderr()).isEqualTo(75);
        assertThat(loser.stderrLines()).as("round %d: one line, naming the winner", round).singleElement().asString()
            .startsWith("berth: cannot listen on 127.0.0.1:" + port + ": address already in use")
            .contains("pid " + winner.pid());
        assertThat(loser.stderr()).doesNotContain(Berth.READY, "Exception", "\tat ");
      }
      Berth.kill(winner, "TERM");
      winner.assertExitCode(0, Berth.EXIT);
      System.out.printf("race round %d: %d berths on port %d: pid %d served, %d exited 75 naming it; settled %d ms after launch%n",
          round, CONTENDERS, port, winner.pid(), CONTENDERS - 1, settledMillis);
    } finally {
      contenders.forEach(ServerProcess::close);
    }
  }

  /** Every contender has exited, or all but one have and that one is ready. */
  private static boolean settled(List<ServerProcess> contenders) {
    List<ServerProcess> alive = contenders.stream().filter(ServerProcess::isAlive).toList();
    return alive.isEmpty() || (alive.size() == 1 && alive.get(0).stderr().contains(Berth.READY));
  }

  private static String states(List<ServerProcess> contenders) {
    return contenders.stream()
        .map(p -> p.pid() + (p.isAlive() ? (p.stderr().contains(Berth.READY) ? " serving" : " running") : " exited"))
        .collect(Collectors.joining(", "));
  }

  /**
   * A port free a moment ago. Every contender must name the same port, so none may hold it;
   * should another program take it meanwhile, all 16 exit 75 and the test fails, loudly.
   */
  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      return probe.getLocalPort();
    }
  }
}
