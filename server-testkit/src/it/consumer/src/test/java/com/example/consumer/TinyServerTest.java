package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.PortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import dev.berth.testkit.junit5.HeldPort;
import dev.berth.testkit.junit5.TestkitExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A plain-socket project testing its own server's exit codes with the testkit and its extension. */
@ExtendWith(TestkitExtension.class)
class TinyServerTest {
  @HeldPort PortHolder held;

  @Test
  void exits75WhenThePortIsHeldInProcess() {
    try (ServerProcess server = ServerProcess.command(
        JavaCommand.of(TinyServer.class.getName(), "127.0.0.1", String.valueOf(held.port()))).start()) {
      server.assertExitCode(75, Duration.ofSeconds(30));
      assertTrue(server.stderr().contains("Address already in use"), server.stderr());
    }
  }

  @Test
  void exits75WhenAnotherProcessHoldsThePort(@HeldPort ForeignPortHolder foreign) {
    try (ServerProcess server = ServerProcess.command(
        JavaCommand.of(TinyServer.class.getName(), "127.0.0.1", String.valueOf(foreign.port()))).start()) {
      server.assertExitCode(75, Duration.ofSeconds(30));
    }
  }

  @Test
  void listensOnAFreePortAndStopsOnTerm() {
    try (ServerProcess server = ServerProcess.command(
            JavaCommand.of(TinyServer.class.getName(), "127.0.0.1", "0"))
        .readyWhenStderrMatches("tiny server listening").start()) {
      server.awaitReady(Duration.ofSeconds(30)).signal(Signal.TERM).assertExitCode(143, Duration.ofSeconds(30));
    }
  }
}
