package dev.berth.server;

/**
 * Why an inherited socket cannot be used: thrown inside the inherited-socket code and
 * turned into one {@link FailureReason#INHERITED_SOCKET} failure there, never seen outside.
 */
final class InheritedProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String errnoName;
  private final int errno;
  private final String hint;

  InheritedProblem(String errnoName, int errno, String message, String hint) {
    super(message, null, false, false);
    this.errnoName = errnoName;
    this.errno = errno;
    this.hint = hint;
  }

  BindFailure toFailure() {
    return new BindFailure(FailureReason.INHERITED_SOCKET, errnoName, errno, getMessage(), 1, hint, null, null);
  }
}
