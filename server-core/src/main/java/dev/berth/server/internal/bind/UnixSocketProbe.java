package dev.berth.server.internal.bind;

import dev.berth.server.BindFailure;
import dev.berth.server.FailureReason;
import dev.berth.server.UnixEndpoint;
import dev.berth.server.internal.ApiAccess;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Decides what may be done with a unix socket path before anything binds it, because
 * binding is destructive: native epoll unlinks whatever is at the path (a live server's
 * socket, a regular file), and NIO takes a stale socket for "in use". The rule: a live
 * listener is in use, a stale socket file may be replaced, anything else is left alone.
 */
public final class UnixSocketProbe {

  private UnixSocketProbe() {}

  /** Empty when the path may be bound (after a stale socket was removed), else the failure. */
  public static Optional<BindFailure> prepare(UnixEndpoint endpoint) {
    Path path = endpoint.path().toAbsolutePath();
    int length = path.toString().getBytes(StandardCharsets.UTF_8).length;
    if (length > Hints.MAX_UNIX_PATH_BYTES) {
      return Optional.of(BindFailureClassifier.detected(Errno.ENAMETOOLONG,
          "path is " + length + " bytes, the limit is " + Hints.MAX_UNIX_PATH_BYTES,
          Hints.forFailure(endpoint, FailureReason.SOCKET_PATH, Errno.ENAMETOOLONG)));
    }
    Path dir = path.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      Errno errno = Files.exists(dir) ? Errno.ENOTDIR : Errno.ENOENT;
      return Optional.of(BindFailureClassifier.detected(errno,
          errno.message() + ": " + dir, Hints.forFailure(endpoint, FailureReason.SOCKET_PATH, errno)));
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException absent) {
      return Optional.empty();
    }
    if (!attributes.isOther()) {
      String what = attributes.isDirectory() ? "a directory" : attributes.isSymbolicLink() ? "a symbolic link" : "a regular file";
      return Optional.of(ApiAccess.get().bindFailure(FailureReason.SOCKET_PATH, null, 0,
          path + " is " + what + ", not a socket", 1,
          path + " exists and is not a socket; it was left untouched: remove it or choose another path", null, null));
    }
    if (isLive(path)) {
      return Optional.of(BindFailureClassifier.detected(Errno.EADDRINUSE,
          "a server accepts connections on " + path,
          Hints.forFailure(endpoint, FailureReason.ADDRESS_IN_USE, Errno.EADDRINUSE)));
    }
    try {
      // Stale: a socket file nobody listens on. Replace it, as a restarted server must.
      Files.deleteIfExists(path);
    } catch (IOException e) {
      return Optional.of(BindFailureClassifier.classify(endpoint, e));
    }
    return Optional.empty();
  }

  public static boolean isLive(Path path) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      // ECONNREFUSED: a socket file with no listener. Anything else (EACCES): we cannot
      // tell, so treat it as live and never delete it.
      return !String.valueOf(e.getMessage()).contains("Connection refused");
    }
  }

  /**
   * What identifies the socket file we created, to remove it on stop only if it is still
   * ours: device and inode, plus the change time, because a freed inode number is often
   * given straight to the next file created in the same directory.
   */
  public static Object fileKey(Path path) {
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
      Object changed = Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
      return key == null ? null : java.util.List.of(key, String.valueOf(changed));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }
}
