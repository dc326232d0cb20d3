package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unix socket can be found by its path: the kernel lists it under the name it was bound to
 * (berth's private name, which begins with the socket's own name), and a second berth on the
 * same path names the live one's pid.
 */
class UnixSocketVisibilityProcessTest {

  @TempDir
  Path dir;

  @Test
  void theSocketIsListedByItsNameAndASecondBerthNamesTheFirst() throws Exception {
    Path socket = dir.resolve("app.sock");
    try (ServerProcess first = Berth.serve("--bind", "unix:" + socket)) {
      first.awaitReady(Berth.START);
      List<String> listed = Files.readAllLines(Path.of("/proc/net/unix")).stream()
          .filter(l -> l.contains(dir.toString())).toList();
      assertThat(listed).as("/proc/net/unix lines in the socket's directory").singleElement().asString()
          .contains(dir.resolve(".app.sock.berth-").toString());

      ServerProcess second = Berth.run("serve", "--bind", "unix:" + socket);
      assertThat(second.awaitExit(Berth.EXIT)).as(second.stderr()).isEqualTo(75);
      assertThat(second.stderr()).as("the live berth named").contains(Long.toString(first.pid()));
      assertThat(first.isAlive()).isTrue();
      first.signal(Signal.TERM);
      first.assertExitCode(0, Berth.EXIT);
    }
  }
}
