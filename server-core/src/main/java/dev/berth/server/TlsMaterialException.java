package dev.berth.server;

/**
 * Why TLS material cannot be used, classified the way a bind failure is: one of
 * {@link FailureReason#TLS_MATERIAL} or {@link FailureReason#TLS_UNREADABLE}, what is wrong
 * (naming the file) and what to do. Thrown by nothing at start (a start reports it as the
 * TLS endpoints' {@link BindFailure}); it fails the future of {@link BerthServer#reloadTls()}.
 */
public final class TlsMaterialException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Which of the two TLS reasons. */
  private final FailureReason reason;
  /** What to do about it. */
  private final String hint;

  TlsMaterialException(FailureReason reason, String problem, String hint, Throwable cause) {
    super(problem, cause, false, false);
    this.reason = reason;
    this.hint = hint;
  }

  /**
   * The classification.
   *
   * @return {@link FailureReason#TLS_MATERIAL} or {@link FailureReason#TLS_UNREADABLE}
   */
  public FailureReason reason() {
    return reason;
  }

  /**
   * What to do about it.
   *
   * @return one sentence
   */
  public String hint() {
    return hint;
  }

  /**
   * The problem and the hint, for a log.
   *
   * @return one line
   */
  public String oneLine() {
    return getMessage() + "; " + hint;
  }

  /** The failure of one endpoint that needs this material. */
  BindFailure toBindFailure() {
    return new BindFailure(reason, null, 0, getMessage(), 1, hint, null, getCause());
  }
}
