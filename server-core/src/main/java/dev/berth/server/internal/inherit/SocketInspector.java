package dev.berth.server.internal.inherit;

import dev.berth.server.Endpoint;
import dev.berth.server.internal.bind.HostSyntax;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Asks the kernel what an inherited descriptor is, without binding, listening or accepting
 * anything: {@code getsockopt(SO_DOMAIN, SO_TYPE, SO_ACCEPTCONN)} and {@code getsockname}
 * through Netty's native socket API (the JDK has none for a bare descriptor number). These
 * are the kernel's own answers to "is it a listening stream socket, and of which family";
 * parsing {@code /proc/net/*} instead would have to guess for a socket that is bound but
 * not listening, which the kernel lists in no table (measured). {@code /proc/self/fd} is
 * read only to tell "not open" from "not a socket" and to say what the descriptor is.
 */
public final class SocketInspector {

  private static final int SOL_SOCKET = 1;
  private static final int SO_TYPE = 3;
  private static final int SO_ACCEPTCONN = 30;
  private static final int SO_DOMAIN = 39;
  private static final int AF_UNIX = 1;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_STREAM = 1;
  private static final int EBADF = 9;
  private static final int ENOTSOCK = 88;

  /** A validated listening stream socket: its family and where it listens (from getsockname). */
  public record Listening(boolean unix, String address, int port) {}

  private SocketInspector() {}

  /**
   * @throws InheritedProblem saying what the descriptor is instead of a listening stream socket
   */
  public static Listening inspect(int fd) {
    Throwable unavailable = Epoll.unavailabilityCause();
    if (unavailable != null) {
      throw new InheritedProblem(null, 0, "cannot inspect descriptor " + fd + ": the native epoll library is unavailable ("
          + unavailable.getMessage() + ")", "inherited sockets need Linux with Netty's native epoll transport");
    }
    // Whether it is open and a socket, from the kernel's own link: Netty's Socket constructor
    // already calls getsockname, and a descriptor the JVM opened itself (a jar) is no socket.
    String link = whatIs(fd);
    // With an errno the line shows "ENOTSOCK (88)" where other failures show the message, so
    // the facts go into the hint.
    if (link == null) {
      throw new InheritedProblem("EBADF", EBADF, "descriptor " + fd + " is not open",
          "descriptor " + fd + " is not open: it was closed or never passed; the parent must pass the listening socket there");
    }
    if (!link.startsWith("socket:")) {
      throw new InheritedProblem("ENOTSOCK", ENOTSOCK, "descriptor " + fd + " is not a socket (it is " + link + ")",
          "descriptor " + fd + " is not a socket (it is " + link + "): it was not passed; the parent must pass the listening socket there");
    }
    Socket socket = new Socket(fd);
    int domain;
    int type;
    int accepting;
    try {
      domain = socket.getIntOpt(SOL_SOCKET, SO_DOMAIN);
      type = socket.getIntOpt(SOL_SOCKET, SO_TYPE);
      accepting = socket.getIntOpt(SOL_SOCKET, SO_ACCEPTCONN);
    } catch (IOException e) {
      int errno = e instanceof Errors.NativeIoException n ? -n.expectedErr() : 0;
      if (errno == EBADF) {
        throw new InheritedProblem("EBADF", EBADF, "descriptor " + fd + " is not open",
            "the parent must pass the socket as descriptor " + fd + " (it was closed or never passed)");
      }
      if (errno == ENOTSOCK) {
        throw new InheritedProblem("ENOTSOCK", ENOTSOCK, "descriptor " + fd + " is not a socket",
            "the parent must pass a listening socket as descriptor " + fd);
      }
      throw new InheritedProblem(null, 0, "descriptor " + fd + " cannot be inspected: " + e.getMessage(), "check what the parent passed");
    }
    String family = domain == AF_UNIX ? "unix" : domain == AF_INET ? "IPv4" : domain == AF_INET6 ? "IPv6" : "family " + domain;
    if (domain != AF_UNIX && domain != AF_INET && domain != AF_INET6) {
      throw new InheritedProblem(null, 0, "descriptor " + fd + " is a socket of " + family + ", not TCP or unix",
          "pass a TCP or unix stream socket");
    }
    if (type != SOCK_STREAM) {
      String kind = type == 2 ? "datagram (" + (domain == AF_UNIX ? "unix" : "UDP") + ")" : "type " + type;
      throw new InheritedProblem(null, 0, "descriptor " + fd + " is a " + kind + " socket, not a stream socket",
          "HTTP needs a stream socket: ListenStream= in a .socket unit, not ListenDatagram=");
    }
    if (accepting == 0) {
      throw new InheritedProblem(null, 0, "descriptor " + fd + " is " + (domain == AF_UNIX ? "a " : "an ") + family + " stream socket that is not listening (no SO_ACCEPTCONN)",
          "the parent must call listen() on it before passing it (systemd does; Accept=no)");
    }
    if (domain == AF_UNIX) {
      var local = socket.localDomainSocketAddress();
      String path = local == null ? "" : local.path();
      return new Listening(true, Endpoint.UNIX_PREFIX + (path.isEmpty() ? "(unnamed)" : path), -1);
    }
    InetSocketAddress local = socket.localAddress();
    String host = local.getAddress() instanceof java.net.Inet6Address
        ? HostSyntax.compress(local.getAddress().getAddress()) : local.getAddress().getHostAddress();
    return new Listening(false, HostSyntax.bracketIfV6(host) + ":" + local.getPort(), local.getPort());
  }

  /** What {@code /proc/self/fd/N} links to ({@code socket:[123]}, a path), or null when N is not open. */
  private static String whatIs(int fd) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    } catch (IOException | UnsupportedOperationException e) {
      return "socket:(unknown)"; // no /proc: let getsockopt decide
    }
  }
}
