package dev.berth.server.internal.bind;

import dev.berth.server.BindFailure;
import dev.berth.server.FailureReason;
import dev.berth.server.UnixEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Puts a unix socket at its path without ever deleting someone else's file there.
 *
 * <p>Netty deletes a domain socket's path when the channel closes, whatever is at that
 * path by then (measured on Netty 4.2.9 epoll: a live server that took the path over loses
 * its socket). So Berth binds under a private name in the same directory, sets the
 * permissions, and hard-links the socket to the requested path; {@code link(2)} fails
 * rather than replace an existing file, so publishing is atomic and never clobbers. The
 * private name is then removed, so what Netty later deletes no longer exists; Berth
 * removes the public path on stop only while it is still the same socket. The kernel keeps
 * showing the socket under the name it was bound to (it cannot be renamed), so the private
 * name begins with the public one.
 */
public final class UnixSocketPublisher {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PRIVATE_MARK = ".berth-";

  private UnixSocketPublisher() {}

  /**
   * A fresh name beside the target that starts with the target's own name ({@code .app.sock.berth-1a2b3c4d}
   * beside {@code app.sock}): the kernel shows a socket under the name it was bound to, in {@code ss -xlp} and
   * {@code /proc/net/unix}, for as long as it lives, so this is what operators (and {@link HolderLookup}) find.
   * Shorter forms when the path limit demands.
   */
  public static Path privateNameFor(Path target) {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    String random = HexFormat.of().formatHex(bytes);
    for (String name : new String[] {"." + target.getFileName() + PRIVATE_MARK + random, PRIVATE_MARK + random}) {
      Path candidate = target.resolveSibling(name);
      if (candidate.toString().getBytes(StandardCharsets.UTF_8).length <= Hints.MAX_UNIX_PATH_BYTES) {
        return candidate;
      }
    }
    return target.resolveSibling("." + random.substring(0, 3));
  }

  /** Whether a bound name (as /proc/net/unix shows it) is berth's private name for {@code target}. */
  static boolean isPrivateNameOf(String boundName, Path target) {
    String prefix = target.resolveSibling("." + target.getFileName() + PRIVATE_MARK).toString();
    return boundName.startsWith(prefix) && boundName.length() == prefix.length() + 8;
  }

  /** Links the bound socket to the endpoint's path; empty on success, else why not. */
  public static Optional<BindFailure> publish(UnixEndpoint endpoint, Path privateName) {
    Path target = endpoint.path().toAbsolutePath();
    try {
      Files.createLink(target, privateName);
      return Optional.empty();
    } catch (FileAlreadyExistsException raced) {
      return Optional.of(BindFailureClassifier.detected(Errno.EADDRINUSE,
          target + " was created by someone else while binding",
          Hints.forFailure(endpoint, FailureReason.ADDRESS_IN_USE, Errno.EADDRINUSE)));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of(BindFailureClassifier.classify(endpoint, e));
    } finally {
      try {
        Files.deleteIfExists(privateName);
      } catch (IOException ignored) {
        // left behind only if the directory turned read-only meanwhile; harmless
      }
    }
  }
}
