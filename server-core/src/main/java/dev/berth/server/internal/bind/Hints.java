package dev.berth.server.internal.bind;

import dev.berth.server.internal.OptionWords;
import dev.berth.server.BindFailure;
import dev.berth.server.Endpoint;
import dev.berth.server.FailureReason;
import dev.berth.server.TcpEndpoint;
import dev.berth.server.UnixEndpoint;

/** One sentence per failure telling the user what to do, so that no failure ends in a shrug. */
public final class Hints {

  /** Linux's sun_path holds 108 bytes including the terminating NUL. */
  public static final int MAX_UNIX_PATH_BYTES = 107;

  private Hints() {}

  public static String forFailure(Endpoint endpoint, FailureReason reason, Errno errno) {
    return switch (reason) {
      case ADDRESS_IN_USE -> endpoint instanceof UnixEndpoint
          ? "a live server listens on this socket; stop it or choose another path"
          : "another socket listens there; stop it or choose another port";
      case PERMISSION_DENIED -> endpoint instanceof TcpEndpoint tcp && tcp.port() > 0 && tcp.port() < 1024
          ? "ports below 1024 need root or CAP_NET_BIND_SERVICE; use a port from 1024 up or grant the capability"
          : endpoint instanceof UnixEndpoint u
              ? "this user may not create " + u.path() + "; make its directory writable or choose another path"
              : "the OS refused the bind; check the user's privileges";
      case ADDRESS_NOT_AVAILABLE -> endpoint instanceof TcpEndpoint tcp && tcp.host().indexOf(':') >= 0
              && Boolean.getBoolean("java.net.preferIPv4Stack")
          ? "this JVM runs with -Djava.net.preferIPv4Stack=true and cannot use IPv6; drop the flag or bind an IPv4 address"
          : endpoint instanceof TcpEndpoint tcp
          ? tcp.host() + " is not an address of this host; use 127.0.0.1, 0.0.0.0, or an address that 'ip addr' lists"
          : "the address is not available on this host";
      case HOST_UNRESOLVED -> endpoint instanceof TcpEndpoint tcp
          ? "'" + tcp.host() + "' did not resolve; check its spelling, /etc/hosts and DNS, or use an IP address"
          : "the host did not resolve";
      case SOCKET_PATH -> socketPathHint(endpoint, errno);
      case RESOURCES_EXHAUSTED -> "raise the open-file limit (ulimit -n, or LimitNOFILE= under systemd) or close unused descriptors";
      case INHERITED_SOCKET -> "check what systemd or the parent passed (berth never binds the address itself instead)";
      case TLS_MATERIAL, TLS_UNREADABLE -> "fix the TLS certificate or key named above";
      case UNKNOWN -> "unexpected; " + OptionWords.current().stackTrace() + " for the stack trace and report it";
    };
  }

  /** The in-use hint, naming the process that holds the address. */
  public static String withHolder(Endpoint endpoint, BindFailure.Holder holder) {
    return (endpoint instanceof UnixEndpoint ? "a live server listens on this socket" : "another socket listens there")
        + ": " + holder + "; stop it or choose another " + (endpoint instanceof UnixEndpoint ? "path" : "port");
  }

  private static String socketPathHint(Endpoint endpoint, Errno errno) {
    String path = endpoint instanceof UnixEndpoint u ? u.path().toString() : endpoint.toString();
    if (errno == Errno.ENOENT || errno == Errno.ENOTDIR) {
      return "the directory of " + path + " does not exist; create it first";
    }
    if (errno == Errno.ENAMETOOLONG) {
      return "unix socket paths are limited to " + MAX_UNIX_PATH_BYTES + " bytes; choose a shorter path";
    }
    return "choose another socket path";
  }
}
