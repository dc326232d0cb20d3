package dev.berth.server;

import java.util.Locale;

/**
 * One overload line, as {@link BerthServer#onOverload} and {@link ServeListener#overload} are
 * told it: the words server-core also logs, and the counts behind them, so a caller can pass
 * them on (sd_notify STATUS=, structured logs, a health endpoint) without parsing the line.
 * A value made by Berth only: fields may be added, none removed.
 */
public final class OverloadNotice {

  /** What overloads. */
  public enum Kind {
    /** The connection cap reached. */
    CAP,
    /** Accept failing, e.g. EMFILE. */
    ACCEPT_FAILED,
    /** Connections closed for slow request headers. */
    SHED;

    /**
     * The kind's name in logs and JSON.
     *
     * @return {@code cap}, {@code accept_failed} or {@code shed}
     */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final String oneLine;
  private final boolean ended;
  private final long count;
  private final long total;
  private final int open;
  private final int max;

  OverloadNotice(Kind kind, String oneLine, boolean ended, long count, long total, int open, int max) {
    this.kind = kind;
    this.oneLine = oneLine;
    this.ended = ended;
    this.count = count;
    this.total = total;
    this.open = open;
    this.max = max;
  }

  /**
   * What overloads.
   *
   * @return what overloads
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The line, naming the limit and the fix.
   *
   * @return the line, naming the limit and the fix
   */
  public String oneLine() {
    return oneLine;
  }

  /**
   * Whether this line says the episode is over.
   *
   * @return whether this line says the episode is over
   */
  public boolean ended() {
    return ended;
  }

  /**
   * Events since the previous line of this kind.
   *
   * @return events since the previous line of this kind
   */
  public long count() {
    return count;
  }

  /**
   * Events in the episode so far.
   *
   * @return events in the episode so far
   */
  public long total() {
    return total;
  }

  /**
   * Connections open when the line was made.
   *
   * @return connections open when the line was made
   */
  public int open() {
    return open;
  }

  /**
   * The connection cap in force.
   *
   * @return the connection cap in force
   */
  public int max() {
    return max;
  }

  @Override
  public String toString() {
    return kind.code() + ": " + oneLine;
  }
}
