package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness on a server that is not Berth nor Java: python's http.server on a held port. */
class ForeignServerTest {

  @Test
  void pythonHttpServerExitsNonZeroOnAHeldPort() {
    assumeTrue(onPath("python3"), "python3 is not on PATH");
    try (PortHolder held = PortHolder.hold("127.0.0.1", 0);
        ServerProcess server = ServerProcess.command(
            "python3", "-m", "http.server", "--bind", "127.0.0.1", Integer.toString(held.port())).start()) {
      server.assertExitCode(1, Duration.ofSeconds(30));
      assertThat(server.stderr()).contains("Address already in use");
    }
  }

  static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
