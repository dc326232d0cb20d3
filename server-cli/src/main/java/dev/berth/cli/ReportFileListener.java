package dev.berth.cli;

import dev.berth.server.BindReport;
import dev.berth.server.CertificateFacts;
import dev.berth.server.ServeListener;
import dev.berth.server.StartFailure;
import java.util.Optional;

/**
 * {@code --report FILE}: written atomically before readiness is announced (so a tool that
 * sees "ready" can read it), on a failed start (with the {@code application} field when the
 * application failed), and again after a SIGHUP reload. An unwritable file before serving
 * ends berth with 78 (the serve loop stops the server); after a reload it is a warning.
 */
final class ReportFileListener implements ServeListener {

  private final Optional<ReportFile> file;
  private final MetricsOptions metrics;

  ReportFileListener(Optional<ReportFile> file, MetricsOptions metrics) {
    this.file = file;
    this.metrics = metrics;
  }

  @Override
  public void bound(BindReport report) {
    file.ifPresent(f -> f.write(metrics.annotate(report.toJson(), report)));
  }

  @Override
  public void startFailed(StartFailure failure) {
    file.ifPresent(f -> failure.reportJson().ifPresent(json -> f.write(failure.cause().isEmpty()
        ? metrics.annotate(json, failure.report().orElseThrow()) : json)));
  }

  @Override
  public void tlsReloaded(BindReport report, CertificateFacts facts) {
    try {
      file.ifPresent(f -> f.write(report.toJson()));
    } catch (CommandFailure e) {
      Say.warn("SIGHUP: could not rewrite the report: " + OutcomeLines.oneLine(e.getMessage()));
    }
  }
}
