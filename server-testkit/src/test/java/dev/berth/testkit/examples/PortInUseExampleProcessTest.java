package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Addresses;
import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.PortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Plain fixtures, no extension: quoted in docs/testkit.md and the module README. */
class PortInUseExampleProcessTest {

  // tag::port-in-use[]
  @Test
  void exitsWithTempfailWhenThePortIsTaken() {
    try (PortHolder busy = PortHolder.hold("127.0.0.1", 0);
        ServerProcess server = ServerProcess.command(JavaCommand.of(
                PlainServer.class.getName(), busy.host(), String.valueOf(busy.port())))
            .start()) {
      server.assertExitCode(75, Duration.ofSeconds(30));
      assertThat(server.stderr()).contains("Address already in use");
    }
  }
  // end::port-in-use[]

  // tag::foreign-port[]
  @Test
  void exitsWithTempfailWhenAnotherProcessHoldsThePort() {
    try (ForeignPortHolder other = ForeignPortHolder.hold("127.0.0.1", 0);
        ServerProcess server = ServerProcess.command(JavaCommand.of(
                PlainServer.class.getName(), "127.0.0.1", String.valueOf(other.port())))
            .start()) {
      server.assertExitCode(75, Duration.ofSeconds(30));
    }
  }
  // end::foreign-port[]

  // tag::non-local[]
  @Test
  void exitsWithConfigWhenTheAddressIsNotOnThisHost() {
    try (ServerProcess server = ServerProcess.command(JavaCommand.of(
            PlainServer.class.getName(), Addresses.nonLocalIPv4(), "8080"))
        .start()) {
      server.assertExitCode(78, Duration.ofSeconds(30));
    }
  }
  // end::non-local[]

  // tag::readiness[]
  @Test
  void saysWhereItListensAndStopsOnSigterm() throws IOException {
    try (ServerProcess server = ServerProcess.command(JavaCommand.of(
                PlainServer.class.getName(), "127.0.0.1", "0"))
            .readyWhenStderrMatches("listening on \\S*:(\\d+)") // the group captures the real port
            .start()) {
      int port = Integer.parseInt(server.awaitReady(Duration.ofSeconds(60)).readyMatch().group(1));
      new Socket("127.0.0.1", port).close(); // it really listens there
      server.signal(Signal.TERM).assertExitCode(Signal.TERM.exitCode(), Duration.ofSeconds(30)); // 143, as a shell says
    }
  }
  // end::readiness[]

  // tag::await-output[]
  @Test
  void saysThatItStops() {
    try (ServerProcess server = ServerProcess.command(JavaCommand.of(PlainServer.class.getName(), "127.0.0.1", "0"))
            .readyWhenStderrMatches("listening on")
            .start()) {
      server.awaitReady(Duration.ofSeconds(60)).signal(Signal.TERM);
      server.awaitOutput(Pattern.compile("stopping"), Duration.ofSeconds(30));
    }
  }
  // end::await-output[]
}
