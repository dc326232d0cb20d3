package dev.berth.server.internal.bind;

import dev.berth.server.FailureReason;
import java.util.Locale;
import java.util.Optional;

/**
 * The Linux errno values a bind can produce, with the OS's own message for each, so that
 * the same failure is named identically whether Netty handed us a number (native epoll)
 * or only a message (the JDK's NIO transport).
 */
public enum Errno {
  EPERM(1, "Operation not permitted", FailureReason.PERMISSION_DENIED),
  ENOENT(2, "No such file or directory", FailureReason.SOCKET_PATH),
  ENOMEM(12, "Cannot allocate memory", FailureReason.RESOURCES_EXHAUSTED),
  EACCES(13, "Permission denied", FailureReason.PERMISSION_DENIED),
  ENOTDIR(20, "Not a directory", FailureReason.SOCKET_PATH),
  EINVAL(22, "Invalid argument", FailureReason.ADDRESS_NOT_AVAILABLE),
  ENFILE(23, "Too many open files in system", FailureReason.RESOURCES_EXHAUSTED),
  EMFILE(24, "Too many open files", FailureReason.RESOURCES_EXHAUSTED),
  EROFS(30, "Read-only file system", FailureReason.SOCKET_PATH),
  ENAMETOOLONG(36, "File name too long", FailureReason.SOCKET_PATH),
  ELOOP(40, "Too many levels of symbolic links", FailureReason.SOCKET_PATH),
  EAFNOSUPPORT(97, "Address family not supported by protocol", FailureReason.ADDRESS_NOT_AVAILABLE),
  EADDRINUSE(98, "Address already in use", FailureReason.ADDRESS_IN_USE),
  EADDRNOTAVAIL(99, "Cannot assign requested address", FailureReason.ADDRESS_NOT_AVAILABLE),
  ENOBUFS(105, "No buffer space available", FailureReason.RESOURCES_EXHAUSTED);

  private final int number;
  private final String message;
  private final FailureReason reason;

  Errno(int number, String message, FailureReason reason) {
    this.number = number;
    this.message = message;
    this.reason = reason;
  }

  public int number() {
    return number;
  }

  public String message() {
    return message;
  }

  public FailureReason reason() {
    return reason;
  }

  public static Optional<Errno> ofNumber(int number) {
    for (Errno errno : values()) {
      if (errno.number == number) {
        return Optional.of(errno);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds the errno whose message the text contains. The JDK words some of them its own
   * way ("Protocol family unavailable" for EAFNOSUPPORT), so those are matched too.
   */
  public static Optional<Errno> ofMessage(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    // Longest messages first, so "Too many open files in system" is not taken for EMFILE.
    Errno best = null;
    for (Errno errno : values()) {
      if (lower.contains(errno.message.toLowerCase(Locale.ROOT))
          && (best == null || errno.message.length() > best.message.length())) {
        best = errno;
      }
    }
    if (best == null && lower.contains("protocol family unavailable")) {
      best = EAFNOSUPPORT;
    }
    return Optional.ofNullable(best);
  }
}
