package dev.berth.server;

/**
 * The application failed to start after every endpoint was bound. Everything was closed
 * again; the report says where the server had bound.
 */
public final class ApplicationStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient BindReport report;

  ApplicationStartException(String message, Throwable cause, BindReport report) {
    super(message, cause);
    this.report = report;
  }

  /** The bind report of the start that the application then failed. */
  public BindReport report() {
    return report;
  }
}
