package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shim's addresses as typed values, and what the ServerProcess around the shim is. */
class PassedSocketsTest {
  private static final Duration T = Duration.ofSeconds(30);
  @TempDir Path dir;

  @BeforeAll
  static void python() {
    assumeTrue(PassedSockets.unavailableReason().isEmpty(), () -> PassedSockets.unavailableReason().orElseThrow());
  }

  @Test
  void addressesAreSocketAddressesInDescriptorOrder() {
    Path unix = dir.resolve("app.sock");
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").unix(unix, "admin").closed("gone").build();
        ServerProcess shim = ServerProcess.command(sockets.command(List.of("sleep", "600"))).start()) {
      List<SocketAddress> addresses = sockets.addresses(T);
      assertThat(addresses).hasSize(3);
      assertThat(addresses.get(0)).isInstanceOfSatisfying(InetSocketAddress.class, a -> {
        assertThat(a.getHostString()).isEqualTo("127.0.0.1");
        assertThat(a.getPort()).isPositive();
      });
      assertThat(addresses.get(1)).isEqualTo(UnixDomainSocketAddress.of(unix));
      assertThat(addresses.get(2)).isNull();
      assertThat(sockets.inetAddress(0, T)).isEqualTo(addresses.get(0));
      assertThatThrownBy(() -> sockets.inetAddress(1, T)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("descriptor 4 is not a TCP or UDP socket");
    }
  }

  @Test
  void theServerProcessIsTheShimThatForwardsTermAndExitsWithTheCommandsStatus() {
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").build();
        ServerProcess shim = ServerProcess.command(sockets.command(List.of("sh", "-c",
            "echo command pid $$; trap 'exit 7' TERM; while :; do sleep 0.05; done"))).start()) {
      long command = Long.parseLong(shim.awaitOutput(Pattern.compile("command pid (\\d+)"), T).group(1));
      assertThat(PassedSockets.pidOfRun(shim, 1, T)).isEqualTo(command).isNotEqualTo(shim.pid());
      shim.signal(Signal.TERM).assertExitCode(7, T);
    }
  }
}
