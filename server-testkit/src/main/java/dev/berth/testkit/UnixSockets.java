package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/**
 * Unix socket path states a server must tell apart — live listener, stale socket file — made and
 * probed for real, so tests of "never unlink a live path" and "replace a stale one" need no mocks.
 */
public final class UnixSockets {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final Duration STALE_WAIT = Duration.ofSeconds(5);

  private UnixSockets() {}

  /**
   * Leaves a socket file at {@code path} with nobody listening: binds, then closes without
   * unlinking (the JDK never unlinks on close). Verifies the file is a socket and that connecting
   * to it fails. Returns {@code path}.
   */
  public static Path createStale(Path path) {
    try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.bind(UnixDomainSocketAddress.of(path), 1);
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException("cannot create stale unix socket " + path + ": " + e, e);
    }
    if (!isSocketFile(path)) {
      throw new IllegalStateException("stale unix socket " + path + " is not a socket file after bind and close");
    }
    // A child process being spawned by another thread right now may hold a copy of the closed
    // listener until it execs; give it a moment before calling the file live.
    Await.until("stale unix socket " + path + " to stop accepting connections after close", STALE_WAIT,
        () -> !isLiveListener(path));
    return path;
  }

  /** True if something accepts connections on {@code path} right now. */
  public static boolean isLiveListener(Path path) {
    try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return client.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** True if {@code path} is a socket file (not following links); Linux and other unixes only. */
  public static boolean isSocketFile(Path path) {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & S_IFMT) == S_IFSOCK;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Device and inode of {@code path} (not enough to tell a file apart: see {@link #identity}). */
  static Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * What identifies the file at {@code path}: device and inode, plus the inode's change time,
   * because a freed inode number is often handed straight to the next file created in the same
   * directory, so device and inode alone can name somebody else's file.
   */
  static List<Object> identity(Path path) {
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
      Object changed = Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
      return List.of(String.valueOf(key), String.valueOf(changed));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
