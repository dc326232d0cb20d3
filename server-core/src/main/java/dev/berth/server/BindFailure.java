package dev.berth.server;

import java.util.Objects;
import java.util.Optional;

/**
 * Why one endpoint could not be bound, in the OS's words as well as ours. The Java names
 * of the errno match the JSON form's ({@code errno}, {@code errnoNumber}).
 *
 * @param reason the classified reason
 * @param errno the errno's symbolic name ({@code EADDRINUSE}), or null when the OS gave none
 *     (a name that does not resolve has no errno)
 * @param errnoNumber the errno's number on Linux, or 0 when there is none
 * @param osMessage what the OS or resolver said, verbatim, without our additions
 * @param attempts how many binds were tried, retries included
 * @param hint what the user can do about it, one sentence; may name the holder of a port
 * @param holder the process holding the address when the OS let us see it, else null
 * @param cause the exception the transport raised, if any; not part of the JSON form
 */
public record BindFailure(
    FailureReason reason,
    String errno,
    int errnoNumber,
    String osMessage,
    int attempts,
    String hint,
    Holder holder,
    Throwable cause) {

  /**
   * Checks that the required parts are present and {@code attempts} is at least 1.
   *
   * @param reason the classified reason
   * @param errno the errno's name, or null
   * @param errnoNumber the errno's number, or 0
   * @param osMessage the OS's words
   * @param attempts binds tried, at least 1
   * @param hint what to do
   * @param holder the holder, or null
   * @param cause the transport's exception, or null
   */
  public BindFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(osMessage, "osMessage");
    Objects.requireNonNull(hint, "hint");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1: " + attempts);
    }
  }

  /**
   * The process that holds a busy port or socket path.
   *
   * @param pid its process id (this JVM's own when another server in it holds the address)
   * @param command its command line, possibly shortened; may be empty
   */
  public record Holder(long pid, String command) {

    /** What {@link #command()} says when the holder is another server in this JVM. */
    public static final String THIS_PROCESS = "this process (another server in this JVM)";

    /**
     * This JVM, as the holder of an address another of its servers listens on.
     *
     * @return a holder whose pid is this process's
     */
    public static Holder thisProcess() {
      return new Holder(ProcessHandle.current().pid(), THIS_PROCESS);
    }

    /**
     * Whether the holder is this very process.
     *
     * @return true when the pid is this JVM's
     */
    public boolean isThisProcess() {
      return pid == ProcessHandle.current().pid();
    }

    /** {@code pid 4242 (python3 -m http.server)}, or {@link #THIS_PROCESS} for this JVM. */
    @Override
    public String toString() {
      return isThisProcess() ? THIS_PROCESS : "pid " + pid + (command.isEmpty() ? "" : " (" + command + ")");
    }
  }

  /**
   * The holder, when known.
   *
   * @return the holder, or empty when /proc did not show one
   */
  public Optional<Holder> holderIfKnown() {
    return Optional.ofNullable(holder);
  }

  /**
   * The errno for a human: {@code EADDRINUSE (98)}.
   *
   * @return the errno text, or the empty string when the OS gave no errno
   */
  public String errnoText() {
    return errno == null ? "" : errno + " (" + errnoNumber + ")";
  }

  /**
   * The failure in one line, without the endpoint: the reason in words, the errno (or the
   * OS's words when there is no errno), attempts if more than one, the holder, the hint.
   * No stray separator for a missing part.
   *
   * @return e.g. {@code address already in use (EADDRINUSE (98)); another socket listens there: ...}
   */
  public String oneLine() {
    StringBuilder line = new StringBuilder(reason.words());
    String os = errno == null ? osMessage : errnoText();
    if (!os.isBlank()) {
      line.append(" (").append(os).append(')');
    }
    if (attempts > 1) {
      line.append(" after ").append(attempts).append(" attempts");
    }
    if (holder != null && !hint.contains(holder.toString())) {
      line.append("; held by ").append(holder);
    }
    line.append("; ").append(hint);
    return line.toString().replace("\r", "").replace("\n", "; ");
  }

  BindFailure withAttempts(int count) {
    return new BindFailure(reason, errno, errnoNumber, osMessage, count, hint, holder, cause);
  }

  BindFailure withHolder(Holder found, String newHint) {
    return new BindFailure(reason, errno, errnoNumber, osMessage, attempts, newHint, found, cause);
  }
}
