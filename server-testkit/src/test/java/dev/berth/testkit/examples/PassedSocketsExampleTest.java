package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.PassedSockets;
import dev.berth.testkit.ServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PassedSockets hands real descriptors to any command: here a python probe that reports what
 * it got, so the fixture is checked by a process that is not ours (quoted in docs/testkit.md).
 */
class PassedSocketsExampleTest {

  @BeforeAll
  static void python() {
    assumeTrue(PassedSockets.unavailableReason().isEmpty(), () -> PassedSockets.unavailableReason().orElseThrow());
  }

  // tag::passed-sockets[]
  /** A command that is not ours; it prints: LISTEN_PID is my pid?, LISTEN_FDS, LISTEN_FDNAMES, and per descriptor: type, listening. */
  private static final List<String> PROBE = List.of("python3", "-c", String.join("\n",
      "import os, socket",
      "n = int(os.environ['LISTEN_FDS'])",
      "print(os.environ['LISTEN_PID'] == str(os.getpid()), n, os.environ['LISTEN_FDNAMES'])",
      "for fd in range(3, 3 + n):",
      "    s = socket.socket(fileno=fd)",
      "    print(fd, s.type.name, s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))",
      "    s.detach()"));

  @Test
  void aCommandGetsListeningSocketsTheSystemdWay() {
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").tcp("[::1]:0", "admin").build();
        ServerProcess probe = ServerProcess.command(sockets.command(PROBE)).start()) {
      probe.assertExitCode(0, Duration.ofSeconds(30));
      assertThat(probe.stdoutLines()).contains("True 2 web:admin", "3 SOCK_STREAM 1", "4 SOCK_STREAM 1");
      assertThat(sockets.inetAddress(0, Duration.ofSeconds(5)).getHostString()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void theBadWaysAreRealToo() {
    try (PassedSockets sockets = PassedSockets.builder()
            .udp("127.0.0.1:0", "dns").tcpNotListening("127.0.0.1:0", "idle").listenPidOfAnotherProcess().build();
        ServerProcess probe = ServerProcess.command(sockets.command(PROBE)).start()) {
      probe.assertExitCode(0, Duration.ofSeconds(30));
      assertThat(probe.stdoutLines()).contains("False 2 dns:idle", "3 SOCK_DGRAM 0", "4 SOCK_STREAM 0");
    }
  }
  // end::passed-sockets[]
}
