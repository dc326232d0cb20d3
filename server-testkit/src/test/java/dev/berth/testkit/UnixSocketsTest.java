package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
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
  void aFileThatGotAFreedInodeNumberIsNotTakenForTheOldOne() throws Exception {
    // A listening socket pins its inode, so the reuse is shown on the identity that close() compares:
    // a file that reuses a freed inode number has the same device and inode, but a later change time.
    Path path = dir.resolve("reused.sock");
    List<Object> before = null;
    boolean reused = false;
    // a file created elsewhere at the same moment may take the freed number first: try afresh
    for (int attempt = 0; attempt < 10 && !reused; attempt++) {
      UnixSockets.createStale(path);
      before = UnixSockets.identity(path);
      Object inode = Files.getAttribute(path, "unix:ino");
      Files.delete(path);
      for (int i = 0; i < 20 && !reused; i++) {
        Thread.sleep(2); // coarse timestamp granularity must not hide the change
        Files.writeString(path, "someone else's file");
        reused = inode.equals(Files.getAttribute(path, "unix:ino"));
        if (!reused) {
          Files.delete(path);
        }
      }
    }
    assumeTrue(reused, "this file system (" + Files.getFileStore(dir).type() + ") did not reuse the inode number");
    assertThat(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())
        .as("device and inode alone cannot tell the files apart").hasToString(before.get(0).toString());
    assertThat(UnixSockets.identity(path)).isNotEqualTo(before);
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
