package dev.berth.server.internal.http1;

/**
 * Why a request's bytes cannot be trusted to mean one thing: the status berth answers with
 * and a short reason for the client. Thrown only inside the framing checks, which stop at
 * the first problem; it carries no stack trace because it is an answer, not a fault.
 */
public final class RefusedRequest extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  public RefusedRequest(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  public static RefusedRequest badRequest(String reason) {
    return new RefusedRequest(400, reason);
  }

  public int status() {
    return status;
  }

  public String reason() {
    return getMessage();
  }
}
