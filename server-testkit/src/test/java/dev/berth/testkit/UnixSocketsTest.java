package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketsTest {
  @TempDir Path dir;

  @Test
  void holderIsALiveListenerAndRemovesItsFileOnClose() {
    Path path = dir.resolve("live.sock");
    UnixSocketHolder holder = UnixSocketHolder.hold(path);
    assertThat(holder.path()).isEqualTo(path);
    assertThat(UnixSockets.isSocketFile(path)).isTrue();
    assertThat(holder.isReachable()).isTrue();
    assertThat(holder.isReachable()).as("still reachable after a connection").isTrue();
    holder.close();
    holder.close();
    assertThat(path).doesNotExist();
    assertThat(UnixSockets.isLiveListener(path)).isFalse();
  }

  @Test
  void aSecondBindOfAHeldPathFails() {
    Path path = dir.resolve("held.sock");
    try (UnixSocketHolder holder = UnixSocketHolder.hold(path)) {
      assertThatThrownBy(() -> UnixSocketHolder.hold(path))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Address already in use");
      assertThat(holder.isReachable()).isTrue();
    }
  }

  @Test
  void closeLeavesAFileThatIsNoLongerItsOwn() throws IOException {
    Path path = dir.resolve("replaced.sock");
    UnixSocketHolder holder = UnixSocketHolder.hold(path);
    Files.delete(path);
    Files.writeString(path, "someone else's file");
    holder.close();
    assertThat(path).hasContent("someone else's file");
  }

  @Test
  void staleSocketIsASocketFileWithNoListener() {
    Path path = UnixSockets.createStale(dir.resolve("stale.sock"));
    assertThat(UnixSockets.isSocketFile(path)).isTrue();
    assertThat(UnixSockets.isLiveListener(path)).isFalse();
  }

  @Test
  void aRegularFileIsNeitherASocketNorLive() throws IOException {
    Path path = Files.writeString(dir.resolve("plain"), "x");
    assertThat(UnixSockets.isSocketFile(path)).isFalse();
    assertThat(UnixSockets.isLiveListener(path)).isFalse();
    assertThat(UnixSockets.isLiveListener(dir.resolve("missing.sock"))).isFalse();
  }
}
