package dev.berth.server.internal.inherit;

import dev.berth.server.BindFailure;
import dev.berth.server.FailureReason;
import dev.berth.server.internal.ApiAccess;

/**
 * Why an inherited socket cannot be used: thrown inside the inherited-socket code and
 * turned into one {@link FailureReason#INHERITED_SOCKET} failure there, never seen outside.
 */
public final class InheritedProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String errnoName;
  private final int errno;
  private final String hint;

  public InheritedProblem(String errnoName, int errno, String message, String hint) {
    super(message, null, false, false);
    this.errnoName = errnoName;
    this.errno = errno;
    this.hint = hint;
  }

  public BindFailure toFailure() {
    return ApiAccess.get().bindFailure(FailureReason.INHERITED_SOCKET, errnoName, errno, getMessage(), 1, hint, null, null);
  }
}
