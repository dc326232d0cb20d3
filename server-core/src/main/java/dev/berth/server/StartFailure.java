package dev.berth.server;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Why {@link BerthServer#serveUntilStopped} did not serve: a bind failure, an application
 * that failed to start, or endpoints that overlap once their names resolve. Nothing is
 * bound. A value made by Berth only: fields may be added, none removed.
 */
public final class StartFailure {

  private final ExitCode exitCode;
  private final String oneLine;
  private final BindReport report;
  private final JsonObject reportJson;
  private final Throwable cause;

  StartFailure(ExitCode exitCode, String oneLine, BindReport report, JsonObject reportJson, Throwable cause) {
    this.exitCode = exitCode;
    this.oneLine = oneLine;
    this.report = report;
    this.reportJson = reportJson;
    this.cause = cause;
  }

  /**
   * The exit-code contract's answer.
   *
   * @return the code the process should exit with
   */
  public ExitCode exitCode() {
    return exitCode;
  }

  /**
   * What failed, in one line: the decisive endpoint's failure, or the application's error
   * with its cause chain.
   *
   * @return one line
   */
  public String oneLine() {
    return oneLine;
  }

  /**
   * The bind report, when binding got that far.
   *
   * @return the report, or empty
   */
  public Optional<BindReport> report() {
    return Optional.ofNullable(report);
  }

  /**
   * The report as JSON, with an {@code application} field ({@code started}, {@code error})
   * when the application failed after every endpoint bound.
   *
   * @return the JSON, or empty without a report
   */
  public Optional<JsonObject> reportJson() {
    return Optional.ofNullable(reportJson).map(JsonObject::copy);
  }

  /**
   * The decisive endpoint's failure, for a bind failure.
   *
   * @return the failure whose code won, or empty when the start failed otherwise
   */
  public Optional<BindFailure> decisive() {
    if (report == null || report.succeeded()) {
      return Optional.empty();
    }
    return report.failures().stream().filter(f -> ExitCode.of(f) == exitCode).findFirst().map(BindOutcome.Failed::failure);
  }

  /**
   * The exception behind an application or usage failure.
   *
   * @return the exception, or empty for a bind failure
   */
  public Optional<Throwable> cause() {
    return Optional.ofNullable(cause);
  }
}
