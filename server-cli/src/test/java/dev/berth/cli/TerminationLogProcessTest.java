package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import dev.berth.testkit.junit5.TestkitExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real berth that fails to start leaves the lines it printed in the file Kubernetes reads for
 * the termination message, and exits with the contract's code all the same; a clean stop leaves
 * nothing. (Inside a container, at the default /dev/termination-log: deploy/test-image.sh.)
 */
@ExtendWith(TestkitExtension.class) // closes the static holder after the class
class TerminationLogProcessTest {

  private static final ForeignPortHolder holder = ForeignPortHolder.hold("127.0.0.1", 0);

  @TempDir
  Path dir;

  @Test
  void aBusyPortLeavesItsLineAndExits75() throws Exception {
    Path log = dir.resolve("termination-log");
    ServerProcess berth = Berth.run("serve", "--bind", holder.endpoint(), "--termination-log", log.toString());
    assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(75);
    assertThat(berth.stderrLines()).hasSize(1);
    assertThat(Files.readString(log)).isEqualTo(berth.stderrLines().get(0) + "\n").contains("address already in use");
  }

  @Test
  void checkLeavesTheFailedEndpointsLine() throws Exception {
    Path log = dir.resolve("termination-log");
    ServerProcess check = Berth.run("check", "--bind", "127.0.0.1:0", "--bind", holder.endpoint(), "--termination-log", log.toString());
    assertThat(check.awaitExit(Berth.EXIT)).isEqualTo(75);
    assertThat(Files.readString(log)).startsWith("berth: cannot listen on " + holder.endpoint() + ": address already in use")
        .hasLineCount(1);
  }

  @Test
  void aUsageErrorFoundAfterParsingLeavesItsLine() throws Exception {
    Path log = dir.resolve("termination-log");
    ServerProcess berth = Berth.run("serve", "--bind", "127.0.0.1:0", "--instances", "0", "--termination-log", log.toString());
    assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(64);
    assertThat(Files.readString(log)).isEqualTo(berth.stderrLines().get(0) + "\n").contains("--instances");
  }

  @Test
  void aCleanStopLeavesNothing() throws Exception {
    Path log = dir.resolve("termination-log");
    ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0", "--termination-log", log.toString());
    berth.awaitReady(Berth.START);
    berth.signal(Signal.TERM);
    assertThat(berth.awaitExit(Berth.EXIT)).isZero();
    assertThat(log).doesNotExist();
  }

  @Test
  void anUnwritableLogIsOneWarningAndTheCodeStays() throws Exception {
    Path log = dir.resolve("missing-directory").resolve("termination-log");
    ServerProcess berth = Berth.run("serve", "--bind", holder.endpoint(), "--termination-log", log.toString());
    assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(75);
    assertThat(berth.stderrLines()).hasSize(2);
    assertThat(berth.stderrLines().get(1)).startsWith("berth: cannot write the termination log " + log);
  }
}
