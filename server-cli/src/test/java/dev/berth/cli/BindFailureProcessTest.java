package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Addresses;
import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.NxdomainResponder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.UnixSocketHolder;
import dev.berth.testkit.junit5.TestkitExtension;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every failure reason, produced for real, and the exit code a supervisor sees for it. */
@ExtendWith(TestkitExtension.class) // closes the static holder after the class
class BindFailureProcessTest {

  /** Few enough descriptors that 200 listening sockets cannot fit, enough for the JVM to start. */
  private static final List<String> FEW_DESCRIPTORS = List.of("prlimit", "--nofile=100");

  private static final ForeignPortHolder holder = ForeignPortHolder.hold("127.0.0.1", 0);

  @TempDir
  Path dir;

  @Test
  void addressInUseIsExit75AndNamesTheHolder() throws Exception {
    Path report = dir.resolve("report.json");
    ServerProcess berth = Berth.run("serve", "--bind", "127.0.0.1:0", "--bind", holder.endpoint(), "--report", report.toString());
    assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(75);
    assertThat(berth.stderrLines()).singleElement().asString()
        .startsWith("berth: cannot listen on " + holder.endpoint() + ": address already in use (EADDRINUSE (98))")
        .containsPattern("pid " + holder.pid() + " \\(\\S*java ");
    assertThat(berth.stdout()).isEmpty();
    JsonObject failed = new JsonObject(Files.readString(report)).getJsonArray("endpoints").getJsonObject(1);
    assertThat(failed.getString("reason")).isEqualTo("address_in_use");
    assertThat(failed.getJsonObject("holder").getLong("pid")).isEqualTo(holder.pid());
  }

  @Test
  void retriesAreBoundedAndOnlyForAddressInUse() {
    long t0 = System.nanoTime();
    ServerProcess berth = Berth.run("serve", "--bind", holder.endpoint(), "--bind-retries", "2", "--bind-retry-delay", "200ms");
    assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(75);
    assertThat(berth.stderr()).contains("after 3 attempts");
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(400);
  }

  @Test
  void everyConfigurationReasonIsExit78AndOutranksAddressInUse() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-socket"), "data");
    String host = Addresses.unresolvableHost();
    try (NxdomainResponder dns = NxdomainResponder.start();
         UnixSocketHolder live = UnixSocketHolder.hold(dir.resolve("live.sock"))) {
      ServerProcess check = Berth.run("check", "--dns-server", dns.hostAndPort(),
          "--bind", holder.endpoint(),
          "--bind", Addresses.nonLocalIPv4() + ":0",
          "--bind", host + ":8080",
          "--bind", "unix:" + dir.resolve("missing/dir.sock"),
          "--bind", "unix:" + file,
          "--bind", "unix:" + live.path(),
          "--bind", "127.0.0.1:0");
      assertThat(check.awaitExit(Berth.EXIT)).as(check.stderr()).isEqualTo(78);
      List<String> lines = check.stdoutLines();
      assertThat(lines).hasSize(7);
      assertThat(lines.get(0)).contains("address already in use (EADDRINUSE (98))", "pid " + holder.pid());
      assertThat(lines.get(1)).contains("192.0.2.1:0: address not available on this host (EADDRNOTAVAIL (99))");
      assertThat(lines.get(2)).contains(host + ":8080: host name does not resolve", "'" + host + "' did not resolve");
      assertThat(lines.get(3)).contains("unix socket path unusable (ENOENT (2))", "does not exist; create it first");
      assertThat(lines.get(4)).contains("unix socket path unusable", "not a socket");
      assertThat(lines.get(5)).contains("unix:" + live.path() + ": address already in use");
      assertThat(lines.get(6)).startsWith("ok   127.0.0.1:0");
      assertThat(dns.queriedNames()).as("the name was asked of the loopback responder").anyMatch(n -> n.startsWith(host));
      assertThat(live.isReachable()).as("a live server's socket is never stolen").isTrue();
      assertThat(Files.readString(file)).isEqualTo("data");
    }
  }

  @Test
  void outOfDescriptorsIsExit71() {
    ServerProcess check = runWithFewDescriptors(List.of());
    assertThat(check.awaitExit(Berth.EXIT)).as(check.stderr()).isEqualTo(71);
    assertThat(check.stdout()).contains("out of file descriptors or buffers (EMFILE (24))", "ulimit -n");
  }

  @Test
  void outOfDescriptorsOutranksAddressInUse() {
    ServerProcess check = runWithFewDescriptors(List.of("--bind", holder.endpoint()));
    assertThat(check.awaitExit(Berth.EXIT)).as(check.stderr()).isEqualTo(71);
    assertThat(check.stdout()).contains("EADDRINUSE (98)", "EMFILE (24)");
  }

  private static ServerProcess runWithFewDescriptors(List<String> more) {
    List<String> args = new ArrayList<>(List.of("check"));
    args.addAll(more);
    for (int i = 0; i < 200; i++) {
      args.add("--bind");
      args.add("127.0.0.1:0");
    }
    ServerProcess p = ServerProcess.command(Berth.prefixed(FEW_DESCRIPTORS, Berth.command(args))).start();
    p.awaitExit(Berth.EXIT);
    return p;
  }
}
