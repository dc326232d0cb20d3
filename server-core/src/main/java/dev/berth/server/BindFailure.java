package dev.berth.server;

import dev.berth.server.internal.lifecycle.Lines;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one endpoint could not be bound, in the OS's words as well as ours. The Java names
 * of the errno match the JSON form's ({@code errno}, {@code errnoNumber}). A value made by
 * Berth only (its constructor is not API): fields may be added, none removed.
 */
public final class BindFailure {

  private final FailureReason reason;
  private final String errno;
  private final int errnoNumber;
  private final String osMessage;
  private final int attempts;
  private final String hint;
  private final Holder holder;
  private final Throwable cause;

  BindFailure(FailureReason reason, String errno, int errnoNumber, String osMessage, int attempts, String hint, Holder holder,
      Throwable cause) {
    this.reason = Objects.requireNonNull(reason, "reason");
    this.errno = errno;
    this.errnoNumber = errnoNumber;
    this.osMessage = Objects.requireNonNull(osMessage, "osMessage");
    this.hint = Objects.requireNonNull(hint, "hint");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1: " + attempts);
    }
    this.attempts = attempts;
    this.holder = holder;
    this.cause = cause;
  }

  /**
   * The classified reason.
   *
   * @return the classified reason
   */
  public FailureReason reason() {
    return reason;
  }

  /**
   * The errno's symbolic name.
   *
   * @return {@code EADDRINUSE}, or null when the OS gave none (a name that does not resolve has no errno)
   */
  public String errno() {
    return errno;
  }

  /**
   * The errno's number on Linux.
   *
   * @return the number, or 0 when there is none
   */
  public int errnoNumber() {
    return errnoNumber;
  }

  /**
   * What the OS or resolver said, verbatim, without our additions.
   *
   * @return the OS's words
   */
  public String osMessage() {
    return osMessage;
  }

  /**
   * How many binds were tried, retries included.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }

  /**
   * What the user can do about it, one sentence; may name the holder of a port.
   *
   * @return the hint
   */
  public String hint() {
    return hint;
  }

  /**
   * The process holding the address when the OS let us see it.
   *
   * @return the holder, or null; see {@link #holderIfKnown()}
   */
  public Holder holder() {
    return holder;
  }

  /**
   * The exception the transport raised; not part of the JSON form.
   *
   * @return the exception, or null
   */
  public Throwable cause() {
    return cause;
  }

  /**
   * The process that holds a busy port or socket path. A value made by Berth only.
   */
  public static final class Holder {

    /** What {@link #command()} says when the holder is another server in this JVM. */
    public static final String THIS_PROCESS = "this process (another server in this JVM)";

    private final long pid;
    private final String command;

    Holder(long pid, String command) {
      this.pid = pid;
      this.command = command == null ? "" : command;
    }

    /**
     * This JVM, as the holder of an address another of its servers listens on.
     *
     * @return a holder whose pid is this process's
     */
    public static Holder thisProcess() {
      return new Holder(ProcessHandle.current().pid(), THIS_PROCESS);
    }

    /**
     * Its process id (this JVM's own when another server in it holds the address).
     *
     * @return the pid
     */
    public long pid() {
      return pid;
    }

    /**
     * Its command line, possibly shortened.
     *
     * @return the command line; may be empty
     */
    public String command() {
      return command;
    }

    /**
     * Whether the holder is this very process.
     *
     * @return true when the pid is this JVM's
     */
    public boolean isThisProcess() {
      return pid == ProcessHandle.current().pid();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Holder h && h.pid == pid && h.command.equals(command);
    }

    @Override
    public int hashCode() {
      return Objects.hash(pid, command);
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
    return Lines.oneLine(line.toString());
  }

  BindFailure withAttempts(int count) {
    return new BindFailure(reason, errno, errnoNumber, osMessage, count, hint, holder, cause);
  }

  BindFailure withHolder(Holder found, String newHint) {
    return new BindFailure(reason, errno, errnoNumber, osMessage, attempts, newHint, found, cause);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BindFailure f && f.reason == reason && Objects.equals(f.errno, errno) && f.errnoNumber == errnoNumber
        && f.osMessage.equals(osMessage) && f.attempts == attempts && f.hint.equals(hint) && Objects.equals(f.holder, holder)
        && Objects.equals(f.cause, cause);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, errno, errnoNumber, osMessage, attempts, hint, holder, cause);
  }

  /** The same as {@link #oneLine()}. */
  @Override
  public String toString() {
    return oneLine();
  }
}
