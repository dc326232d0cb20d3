package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.PassedSockets;
import dev.berth.testkit.RawHttp;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sockets handed to a real berth child with real descriptors (the testkit's PassedSockets,
 * or systemd's own systemd-socket-activate): served when good, each bad way refused with
 * exit 78, one line, and nothing served.
 */
class InheritedSocketProcessTest {

  private static final Duration T = Berth.START;

  @TempDir
  Path dir;

  @BeforeAll
  static void canPassSockets() {
    assumeTrue(PassedSockets.unavailableReason().isEmpty(), () -> PassedSockets.unavailableReason().orElseThrow());
  }

  private static ServerProcess serve(PassedSockets sockets, String... args) {
    List<String> all = new ArrayList<>(List.of("serve"));
    all.addAll(List.of(args));
    return ServerProcess.command(sockets.command(Berth.command(all))).readyWhenStderrMatches(Berth.READY).start();
  }

  private static ServerProcess run(PassedSockets sockets, String... args) {
    ServerProcess p = ServerProcess.command(sockets.command(Berth.command(args))).start();
    p.awaitExit(Berth.EXIT);
    return p;
  }

  /** HOST:PORT, as berth prints an IPv4 endpoint. */
  private static String endpoint(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  @Test
  void aPassedTcpSocketIsServedByEveryInstanceAndReportedAsInherited() throws IOException {
    Path report = dir.resolve("report.json");
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").build();
        ServerProcess berth = serve(sockets, "--bind", "systemd:web", "--instances", "2", "--report", report.toString())) {
      berth.awaitReady(T);
      InetSocketAddress passed = sockets.inetAddress(0, T);
      String address = endpoint(passed);
      for (int i = 0; i < 6; i++) {
        assertThat(RawHttp.get(passed.getPort(), "/health")).startsWith("HTTP/1.1 200");
      }
      assertThat(berth.stderr()).contains("listening on http://" + address + " (socket inherited from systemd, fd 3)");
      JsonObject endpoint = new JsonObject(Files.readString(report)).getJsonArray("endpoints").getJsonObject(0);
      assertThat(endpoint.getString("endpoint")).isEqualTo("systemd:web");
      assertThat(endpoint.getString("source")).isEqualTo("systemd");
      assertThat(endpoint.getInteger("fd")).isEqualTo(3);
      assertThat(endpoint.getString("address")).isEqualTo(address);
      assertThat(endpoint.getInteger("port")).isEqualTo(passed.getPort());
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void aUnixSocketFromAParentIsServedAndItsPathIsNeverUnlinked() throws IOException {
    Path socket = dir.resolve("app.sock");
    try (PassedSockets sockets = PassedSockets.builder().unix(socket, "api").withoutListenEnvironment().build();
        ServerProcess berth = serve(sockets, "--bind", "fd:3")) {
      berth.awaitReady(T);
      assertThat(berth.stderr()).contains("listening on unix:" + socket + " (socket inherited from fd, fd 3)");
      assertThat(getOverUnixSocket(socket)).startsWith("HTTP/1.1 200");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(socket).as("systemd (here: the parent) owns the path").exists();
    }
  }

  @Test
  void systemdSocketActivateHandsBerthItsSocketAndTheQueuedConnectionIsServed() throws Exception {
    assumeTrue(PassedSockets.systemdSocketActivateUnavailableReason().isEmpty(),
        () -> PassedSockets.systemdSocketActivateUnavailableReason().orElseThrow());
    Path socket = dir.resolve("activated.sock");
    List<String> berthCommand = Berth.command("serve", "--bind", "systemd:web");
    try (ServerProcess activator = ServerProcess.command(PassedSockets.systemdSocketActivate(socket, "web", berthCommand))
        .readyWhenStderrMatches("Listening on").start()) {
      activator.awaitReady(T);
      // The first connection makes systemd-socket-activate exec berth; it waits in the queue meanwhile.
      assertThat(getOverUnixSocket(socket)).startsWith("HTTP/1.1 200");
      assertThat(activator.stderr()).contains("listening on unix:" + socket + " (socket inherited from systemd, fd 3)");
      activator.signal(Signal.TERM);
      activator.assertExitCode(0, Berth.EXIT);
      assertThat(socket).exists();
    }
  }

  @Test
  void onNioAValidSocketIsRefusedWithOneClearLine() {
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").build()) {
      ServerProcess berth = run(sockets, "serve", "--bind", "systemd", "--no-native-transport");
      berth.assertExitCode(78, Duration.ZERO);
      assertThat(berth.stderrLines()).singleElement().asString()
          .contains("cannot listen on systemd: inherited socket unusable")
          .contains("the NIO transport cannot serve a socket it did not bind")
          .contains("native epoll transport");
    }
  }

  static Stream<Arguments> badHandOvers() {
    return Stream.of(
        bad("a UDP socket", b -> b.udp("127.0.0.1:0", "web"), "systemd", "descriptor 3 is a datagram \\(UDP\\) socket, not a stream socket"),
        bad("a socket that is not listening", b -> b.tcpNotListening("127.0.0.1:0", "web"), "systemd",
            "descriptor 3 is an IPv4 stream socket that is not listening \\(no SO_ACCEPTCONN\\)"),
        bad("LISTEN_PID of another process", b -> b.tcp("127.0.0.1:0", "web").listenPidOfAnotherProcess(), "systemd",
            "is not this process"),
        bad("fewer descriptors than LISTEN_FDS", b -> b.tcp("127.0.0.1:0", "web").listenFds(2), "systemd",
            "descriptor 4 is not (open|a socket)"),
        bad("a closed descriptor among them", b -> b.closed("gone").tcp("127.0.0.1:0", "web"), "systemd",
            "descriptor 3 is not (open|a socket)"),
        bad("no socket of that name", b -> b.tcp("127.0.0.1:0", "web"), "systemd:api",
            "no passed socket is named 'api' \\(LISTEN_FDNAMES has: web\\)"),
        bad("no LISTEN_FDS at all", b -> b.tcp("127.0.0.1:0", "web").withoutListenEnvironment(), "systemd",
            "LISTEN_FDS is not set"),
        bad("fd:N that was not passed", b -> b.tcp("127.0.0.1:0", "web").withoutListenEnvironment(), "fd:9",
            "descriptor 9 is not (open|a socket)"));
  }

  private static Arguments bad(String what, UnaryOperator<PassedSockets.Builder> sockets, String endpoint, String says) {
    return Arguments.of(what, sockets, endpoint, says);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHandOvers")
  void aBadHandOverExits78WithOneLineAndServesNothing(String what, UnaryOperator<PassedSockets.Builder> spec,
      String endpoint, String says) {
    try (PassedSockets sockets = spec.apply(PassedSockets.builder()).build()) {
      ServerProcess berth = run(sockets, "serve", "--bind", endpoint);
      berth.assertExitCode(78, Duration.ZERO);
      assertThat(berth.stderrLines()).singleElement().asString()
          .startsWith("berth: cannot listen on " + endpoint + ": inherited socket unusable (")
          .containsPattern(says);
      assertThat(berth.stderr()).doesNotContain("listening on");
    }
  }

  @Test
  void unusableTlsMaterialBesideAPassedSocketExits78AndNeverServesThePassedSocket() {
    Path missing = dir.resolve("missing.pem");
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").build()) {
      ServerProcess berth = run(sockets, "serve", "--bind", "systemd", "--bind", "https://127.0.0.1:0",
          "--tls-cert", missing.toString(), "--tls-key", missing.toString());
      berth.assertExitCode(78, Duration.ZERO);
      assertThat(berth.stderr()).contains("cannot listen on https://127.0.0.1:0").doesNotContain("listening on")
          .doesNotContain("Exception");
    }
  }

  @Test
  void checkValidatesPassedSocketsTheSameWayWithoutServing() {
    try (PassedSockets good = PassedSockets.builder().tcp("127.0.0.1:0", "web").build();
        PassedSockets udp = PassedSockets.builder().udp("127.0.0.1:0", "web").build();
        PassedSockets none = PassedSockets.builder().tcp("127.0.0.1:0", "web").withoutListenEnvironment().build()) {
      ServerProcess ok = run(good, "check", "--bind", "systemd", "--bind", "127.0.0.1:0");
      ok.assertExitCode(0, Duration.ZERO);
      String address = endpoint(good.inetAddress(0, T));
      assertThat(ok.stdout()).contains("ok   systemd can listen (http://" + address + ")");
      ServerProcess bad = run(udp, "check", "--bind", "systemd");
      bad.assertExitCode(78, Duration.ZERO);
      assertThat(bad.stdout()).contains("fail cannot listen on systemd: inherited socket unusable (descriptor 3 is a datagram (UDP) socket");
      ServerProcess missing = run(none, "check", "--bind", "systemd");
      missing.assertExitCode(78, Duration.ZERO);
      assertThat(missing.stdout()).contains("fail cannot listen on systemd: inherited socket unusable (LISTEN_FDS is not set");
    }
  }

  @Test
  void aPassedSocketNoEndpointUsesIsAWarningAndLeftAlone() {
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").tcp("127.0.0.1:0", "admin").build();
        ServerProcess berth = serve(sockets, "--bind", "systemd:web")) {
      berth.awaitReady(T);
      assertThat(berth.stderr()).contains("systemd passed sockets that no endpoint uses, left alone: fd 4 (admin)");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void inheritedAndOwnEndpointsMixInOneServer() {
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").build();
        ServerProcess berth = serve(sockets, "--bind", "systemd", "--bind", "127.0.0.1:0")) {
      berth.awaitReady(T);
      assertThat(RawHttp.get(sockets.inetAddress(0, T).getPort(), "/health")).startsWith("HTTP/1.1 200");
      List<Integer> own = Berth.listeningPorts(berth);
      assertThat(own).hasSize(1);
      assertThat(RawHttp.get(own.get(0), "/health")).startsWith("HTTP/1.1 200");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void aStartThatFailsLeavesQueuedConnectionsToTheNextBerth() throws Exception {
    // Run 1 also asks for an address this host does not have, so it fails (78); run 2 is good.
    Path marker = dir.resolve("first-run-done");
    String berth = String.join(" ", Berth.command("serve", "--bind", "systemd").stream().map(a -> "'" + a + "'").toList());
    List<String> script = List.of("sh", "-c", "if [ -e '" + marker + "' ]; then exec " + berth + "; else touch '" + marker
        + "'; exec " + berth + " --bind 192.0.2.1:8080; fi");
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").runs(2).build();
        ServerProcess shim = ServerProcess.command(sockets.command(script)).start()) {
      int port = sockets.inetAddress(0, T).getPort();
      // Connected (queued by the kernel) before any berth accepts; answered only by run 2.
      String answer = slowGet(port);
      assertThat(answer).startsWith("HTTP/1.1 200");
      assertThat(shim.stdout()).contains("exited 78").contains("run 2");
      assertThat(shim.stderr()).contains("cannot listen on 192.0.2.1:8080");
      shim.signal(Signal.TERM);
      shim.assertExitCode(0, Berth.EXIT);
    }
  }

  /** A GET that waits as long as two JVM starts may take on a loaded machine (RawHttp gives up after 10 s). */
  private static String slowGet(int port) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(120_000);
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String getOverUnixSocket(Path socket) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      StringBuilder text = new StringBuilder();
      while (channel.read(buffer) > 0) {
        buffer.flip();
        text.append(StandardCharsets.US_ASCII.decode(buffer));
        buffer.clear();
      }
      return text.toString();
    }
  }
}
