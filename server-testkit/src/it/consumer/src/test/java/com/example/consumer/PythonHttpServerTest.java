package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.PortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness on a server that is neither Berth nor Java. */
class PythonHttpServerTest {

  @Test
  void pythonHttpServerExitsNonZeroOnAHeldPort() {
    assumeTrue(onPath("python3"), "python3 is not on PATH");
    try (PortHolder held = PortHolder.hold("127.0.0.1", 0);
        ServerProcess server = ServerProcess.command("python3", "-m", "http.server",
            "--bind", "127.0.0.1", String.valueOf(held.port())).start()) {
      server.assertExitCode(1, Duration.ofSeconds(30));
      assertTrue(server.stderr().contains("Address already in use"), server.stderr());
    }
  }

  @Test
  void pythonHttpServerGetsReadyOnAFreeCondition() {
    assumeTrue(onPath("python3"), "python3 is not on PATH");
    try (ServerProcess server = ServerProcess.command("python3", "-u", "-m", "http.server",
            "--bind", "127.0.0.1", "0")
        .readyWhenStdoutMatches("Serving HTTP on").start()) {
      server.awaitReady(Duration.ofSeconds(30)).signal(Signal.INT);
      server.awaitExit(Duration.ofSeconds(30));
    }
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
