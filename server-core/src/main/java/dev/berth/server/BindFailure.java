package dev.berth.server;

import java.util.Objects;
import java.util.Optional;

/**
 * Why one endpoint could not be bound, in the OS's words as well as ours.
 *
 * @param reason the classified reason
 * @param errnoName the errno's symbolic name ({@code EADDRINUSE}) or null when the OS gave none
 *     (a name that does not resolve has no errno)
 * @param errno the errno's number on Linux, or 0 when unknown
 * @param osMessage what the OS or resolver said, verbatim, without our additions
 * @param attempts how many binds were tried, retries included
 * @param hint what the user can do about it, one sentence; may name the holder of a port
 * @param holder the process holding the address, when the OS let us see it
 * @param cause the exception the transport raised, if any; not part of the JSON form
 */
public record BindFailure(
    FailureReason reason,
    String errnoName,
    int errno,
    String osMessage,
    int attempts,
    String hint,
    Holder holder,
    Throwable cause) {

  public BindFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(osMessage, "osMessage");
    Objects.requireNonNull(hint, "hint");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1: " + attempts);
    }
  }

  /** The process that holds a busy port or socket path. */
  public record Holder(long pid, String command) {
    @Override
    public String toString() {
      return "pid " + pid + (command.isEmpty() ? "" : " (" + command + ")");
    }
  }

  /** The holder, when known. */
  public Optional<Holder> holderIfKnown() {
    return Optional.ofNullable(holder);
  }

  /** {@code EADDRINUSE (98)}, or empty when the OS gave no errno. */
  public String errnoText() {
    return errnoName == null ? "" : errnoName + " (" + errno + ")";
  }

  BindFailure withAttempts(int count) {
    return new BindFailure(reason, errnoName, errno, osMessage, count, hint, holder, cause);
  }

  BindFailure withHolder(Holder found, String newHint) {
    return new BindFailure(reason, errnoName, errno, osMessage, attempts, newHint, found, cause);
  }
}
