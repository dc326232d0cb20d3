package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.UnixSocketHolder;
import dev.berth.testkit.UnixSockets;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unix socket paths: quoted in docs/testkit.md. */
class UnixSocketExampleTest {
  @TempDir Path dir;

  // tag::unix[]
  @Test
  void aLiveSocketIsNotStolen() {
    try (UnixSocketHolder live = UnixSocketHolder.hold(dir.resolve("app.sock"))) {
      // ... start the server under test on live.path() and assert it refuses ...
      assertThat(live.isReachable()).as("the original listener still answers").isTrue();
    }
  }

  @Test
  void aStaleSocketFileMayBeReplaced() throws IOException {
    Path stale = UnixSockets.createStale(dir.resolve("old.sock"));
    // A JDK server cannot bind over it; a careful server probes, finds no listener, unlinks, binds.
    assertThat(UnixSockets.isLiveListener(stale)).isFalse();
    java.nio.file.Files.delete(stale);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(stale));
      assertThat(UnixSockets.isLiveListener(stale)).isTrue();
    }
  }
  // end::unix[]
}
