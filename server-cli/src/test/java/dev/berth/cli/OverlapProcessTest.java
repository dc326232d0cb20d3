package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.ServerProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 at the command line: endpoints one server can never bind together give the same
 * documented verdict on every run, 64 with one line naming both, before anything listens;
 * never a shared socket reported twice, never a retryable 75.
 */
class OverlapProcessTest {

  private static final int RUNS = 5;

  @Test
  void aNameAndTheAddressItResolvesToAre64EveryRun() throws Exception {
    assumeTrue(InetAddress.getByName("localhost").getHostAddress().equals("127.0.0.1"), "localhost is not 127.0.0.1 here");
    for (int run = 0; run < RUNS; run++) {
      int port = freePort();
      ServerProcess berth = Berth.run("serve", "--bind", "localhost:" + port, "--bind", "127.0.0.1:" + port);
      assertThat(berth.awaitExit(Berth.EXIT)).as("run %d: %s", run, berth.stderr()).isEqualTo(64);
      assertThat(berth.stderrLines()).as("run %d", run).singleElement().asString()
          .isEqualTo("berth: invalid endpoint '127.0.0.1:" + port + "': overlaps localhost:" + port
              + ": localhost resolves to 127.0.0.1; both are 127.0.0.1, so one server can never listen on both;"
              + " keep one of them, or give them different ports");
    }
  }

  @Test
  void aWildcardAndAnAddressOfItsFamilyAre64BeforeVertxStarts() {
    ServerProcess berth = Berth.run("serve", "--bind", "0.0.0.0:8080", "--bind", "127.0.0.1:8080");
    assertThat(berth.awaitExit(Berth.EXIT)).as(berth.stderr()).isEqualTo(64);
    assertThat(berth.stderrLines()).singleElement().asString()
        .startsWith("berth: invalid endpoint '127.0.0.1:8080': overlaps 0.0.0.0:8080: 0.0.0.0 covers every address of its family");
    ServerProcess check = Berth.run("check", "--bind", "0.0.0.0:8080", "--bind", "127.0.0.1:8080");
    assertThat(check.awaitExit(Berth.EXIT)).as(check.stderr()).isEqualTo(64);
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
