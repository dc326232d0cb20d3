package dev.berth.server;

/**
 * The application failed to start: its request handler could not be built (before any
 * bind), or its start failed after every endpoint was bound. Everything was closed again;
 * the report, when there is one, says where the server had bound.
 */
public final class ApplicationStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient BindReport report;

  ApplicationStartException(String message, Throwable cause, BindReport report) {
    super(message, cause);
    this.report = report;
  }

  /**
   * The bind report of the start that the application then failed.
   *
   * @return the report, or empty when the application failed before anything was bound
   */
  public java.util.Optional<BindReport> report() {
    return java.util.Optional.ofNullable(report);
  }
}
