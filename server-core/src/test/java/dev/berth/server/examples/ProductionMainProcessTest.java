package dev.berth.server.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented production main, run for real as a child JVM the way an embedder ships it:
 * server-core and its dependencies only, no logging framework on the class path. Every way
 * it can end gives the contract's status, and stderr says exactly what happened and nothing
 * else (no complaint about a missing logging provider, no stack trace).
 */
class ProductionMainProcessTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("^listening on http://127\\.0\\.0\\.1:(\\d+)$");
  private static ForeignPortHolder held;

  @TempDir
  Path dir;

  @BeforeAll
  static void holdAPort() {
    held = ForeignPortHolder.hold("127.0.0.1", 0);
  }

  @AfterAll
  static void release() {
    held.close();
  }

  /** The class path an embedder's program has: no log4j, no JUnit engine needed. */
  static List<Path> embedderClasspath() {
    return JavaCommand.classpathEntries().stream().filter(p -> !p.getFileName().toString().contains("log4j")).toList();
  }

  private static ServerProcess.Builder child(List<String> jvmArgs, String... endpoints) {
    JavaCommand.Builder java = JavaCommand.builder().classpath(embedderClasspath()).jvmArg("-XX:TieredStopAtLevel=1");
    jvmArgs.forEach(java::jvmArg);
    return ServerProcess.command(java.main(ProductionMain.class.getName()).args(endpoints).build());
  }

  private static ServerProcess run(List<String> jvmArgs, String... endpoints) {
    ServerProcess p = child(jvmArgs, endpoints).start();
    p.awaitExit(WAIT);
    return p;
  }

  @Test
  void sigtermAfterServingExitsZero() throws Exception {
    try (ServerProcess p = child(List.of(), "127.0.0.1:0").readyWhenStderrMatches("^listening on ").start()) {
      p.awaitReady(WAIT);
      Matcher m = LISTENING.matcher(p.stderrLines().get(0));
      assertThat(m.matches()).as(p.stderr()).isTrue();
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + m.group(1) + "/orders/1")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("{\"id\":\"1\",\"item\":\"coffee\"}");
      kill(p, "TERM");
      assertThat(p.awaitExit(WAIT)).as(p.stderr()).isZero();
      assertThat(p.stderrLines()).as("stderr, nothing unexpected").hasSize(3);
      assertThat(p.stderrLines().get(1)).isEqualTo("SIGTERM: stopping; draining in-flight requests for up to 10s");
      assertThat(p.stderrLines().get(2)).isEqualTo("stopped");
    }
  }

  @Test
  void aHeldPortExits75AndNamesTheHolder() {
    ServerProcess p = run(List.of(), held.endpoint());
    assertThat(p.awaitExit(WAIT)).as(p.stderr()).isEqualTo(75);
    assertThat(p.stderrLines()).singleElement().asString()
        .startsWith("cannot listen on " + held.endpoint() + ": address already in use (EADDRINUSE (98)); ")
        .contains("pid " + held.pid());
  }

  @Test
  void aMissingSocketDirectoryBesideAHeldPortExits78() {
    String socket = "unix:" + dir.resolve("missing").resolve("orders.sock");
    ServerProcess p = run(List.of(), socket, held.endpoint());
    assertThat(p.awaitExit(WAIT)).as(p.stderr()).isEqualTo(78);
    assertThat(p.stderrLines()).hasSize(2);
    assertThat(p.stderrLines().get(0)).startsWith("cannot listen on " + socket + ": unix socket path unusable (ENOENT (2)); ");
    assertThat(p.stderrLines().get(1)).startsWith("cannot listen on " + held.endpoint() + ": address already in use");
  }

  @Test
  void overlappingEndpointsExit64BeforeAnythingListens() throws IOException {
    int port = held.port();
    ServerProcess literal = run(List.of(), "0.0.0.0:" + port, "127.0.0.1:" + port);
    assertThat(literal.awaitExit(WAIT)).as(literal.stderr()).isEqualTo(64);
    assertThat(literal.stderrLines()).singleElement().asString()
        .isEqualTo("invalid endpoint '127.0.0.1:" + port + "': overlaps 0.0.0.0:" + port + ": 0.0.0.0 covers every address"
            + " of its family, so one server can never listen on both; keep one of them, or give them different ports");
    // A name that resolves to the other endpoint's address: found after resolving, before any listen.
    assumeTrue(InetAddress.getByName("localhost").getHostAddress().equals("127.0.0.1"), "localhost is not 127.0.0.1 here");
    ServerProcess named = run(List.of(), "localhost:" + port, "127.0.0.1:" + port);
    assertThat(named.awaitExit(WAIT)).as(named.stderr()).isEqualTo(64);
    assertThat(named.stderrLines()).singleElement().asString()
        .startsWith("invalid endpoint '127.0.0.1:" + port + "': overlaps localhost:" + port + ": localhost resolves to 127.0.0.1");
  }

  @Test
  void anApplicationThatFailsToStartExits70() {
    ServerProcess p = run(List.of("-Dorders.seed=" + dir.resolve("no-such-seed.json")), "127.0.0.1:0");
    assertThat(p.awaitExit(WAIT)).as(p.stderr()).isEqualTo(70);
    assertThat(p.stderrLines()).singleElement().asString().startsWith("the application failed to start: ")
        .contains("no-such-seed.json");
  }

  private static void kill(ServerProcess p, String signal) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).redirectErrorStream(true).start();
    assertThat(k.waitFor()).isZero();
  }
}
