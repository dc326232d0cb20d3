package dev.berth.server.internal.bind;

import dev.berth.server.FailureReason;
import dev.berth.server.TcpEndpoint;
import dev.berth.server.UnixEndpoint;
import dev.berth.server.BindFailure;
import dev.berth.server.Endpoint;
import dev.berth.server.internal.ApiAccess;
import io.netty.channel.unix.Errors;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Turns whatever a transport threw into a {@link BindFailure}, identically on NIO and
 * native epoll: by errno when Netty's native transport gives one, by the OS's message
 * otherwise (NIO raises BindException or SocketException for every cause, told apart
 * only by text), and by exception type for name resolution.
 */
public final class BindFailureClassifier {

  private BindFailureClassifier() {}

  public static BindFailure classify(Endpoint endpoint, Throwable thrown) {
    Throwable error = unwrap(thrown);
    if (error instanceof java.nio.channels.UnsupportedAddressTypeException
        || (error instanceof UnsupportedOperationException && (String.valueOf(error.getMessage()).contains("family") || String.valueOf(error.getMessage()).contains("IPv6")))) {
      // The JVM itself cannot use the address family (IPv6 under -Djava.net.preferIPv4Stack=true).
      return ApiAccess.get().bindFailure(FailureReason.ADDRESS_NOT_AVAILABLE, Errno.EAFNOSUPPORT.name(), Errno.EAFNOSUPPORT.number(),
          "this JVM cannot use " + (endpoint instanceof TcpEndpoint tcp && tcp.address().startsWith("[") ? "IPv6" : "this address family")
              + (Boolean.getBoolean("java.net.preferIPv4Stack") ? " (java.net.preferIPv4Stack=true)" : ""),
          1, "drop -Djava.net.preferIPv4Stack=true from the JVM options, or bind an IPv4 address", null, error);
    }
    if (error instanceof UnknownHostException) {
      return failure(endpoint, FailureReason.HOST_UNRESOLVED, null, message(error), error);
    }
    Optional<Errno> errno = errnoOf(error);
    if (errno.isPresent()) {
      Errno e = errno.get();
      return failure(endpoint, e.reason(), e, osWords(error, e), error);
    }
    return failure(endpoint, FailureReason.UNKNOWN, null, message(error), error);
  }

  /** A failure we detect ourselves (before the OS is asked), named with the errno the OS would give. */
  public static BindFailure detected(Errno errno, String osMessage, String hint) {
    return ApiAccess.get().bindFailure(errno.reason(), errno.name(), errno.number(), osMessage, 1, hint, null, null);
  }

  public static Optional<Errno> errnoOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof Errors.NativeIoException nativeError) {
        Optional<Errno> byNumber = Errno.ofNumber(-nativeError.expectedErr());
        if (byNumber.isPresent()) {
          return byNumber;
        }
      }
      Optional<Errno> byMessage = Errno.ofMessage(t.getMessage());
      if (byMessage.isPresent()) {
        return byMessage;
      }
    }
    return Optional.empty();
  }

  private static BindFailure failure(Endpoint endpoint, FailureReason reason, Errno errno, String osMessage, Throwable cause) {
    // On a unix socket, ENOENT/EACCES etc. speak about the path, not the address.
    FailureReason effective = reason;
    if (endpoint instanceof UnixEndpoint && reason == FailureReason.ADDRESS_NOT_AVAILABLE) {
      effective = FailureReason.SOCKET_PATH;
    }
    if (endpoint instanceof TcpEndpoint && reason == FailureReason.SOCKET_PATH) {
      effective = FailureReason.UNKNOWN;
    }
    return ApiAccess.get().bindFailure(effective, errno == null ? null : errno.name(), errno == null ? 0 : errno.number(),
        osMessage, 1, Hints.forFailure(endpoint, effective, errno), null, cause);
  }

  private static Throwable unwrap(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Netty's prefix before the OS's words: "bind(..) failed with error(-98): ". */
  private static final java.util.regex.Pattern NETTY_PREFIX =
      java.util.regex.Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

  /** The OS's own words, without the prefix Netty adds on the native transport. */
  private static String osWords(Throwable error, Errno errno) {
    String text = NETTY_PREFIX.matcher(message(error)).replaceFirst("");
    return text.isBlank() ? errno.message() : text;
  }

  private static String message(Throwable error) {
    String text = error.getMessage();
    return text == null ? error.getClass().getSimpleName() : text;
  }
}
