package dev.berth.cli;

import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.CertificateFacts;
import dev.berth.server.OverloadNotice;
import dev.berth.server.ServeListener;
import dev.berth.server.StartFailure;
import dev.berth.server.TlsMaterialException;
import java.util.stream.Collectors;

/** The serve lifecycle told to systemd (sd_notify): READY=1, STATUS= for each step, STOPPING=1, ERRNO= on a bind failure. */
final class SystemdListener implements ServeListener {

  private final SystemdNotifier systemd;

  SystemdListener(SystemdNotifier systemd) {
    this.systemd = systemd;
    // Loaded now: the first overload line may come when no descriptor is left to load a class.
    OutcomeLines.oneLine("");
  }

  @Override
  public void ready(BindReport report) {
    String where = report.bound().stream().map(BindOutcome.Bound::url).collect(Collectors.joining(", "));
    systemd.send("READY=1", "STATUS=listening on " + where, "MAINPID=" + ProcessHandle.current().pid());
  }

  @Override
  public void startFailed(StartFailure failure) {
    String status = "STATUS=" + OutcomeLines.oneLine(failure.oneLine());
    failure.decisive().filter(f -> f.errno() != null).ifPresentOrElse(
        f -> systemd.send(status, "ERRNO=" + f.errnoNumber()), () -> systemd.send(status));
  }

  @Override
  public void overload(OverloadNotice notice) {
    systemd.send("STATUS=" + OutcomeLines.oneLine(notice.oneLine()));
  }

  @Override
  public void tlsReloaded(BindReport report, CertificateFacts facts) {
    systemd.send("STATUS=TLS certificate reloaded (SHA-256 " + facts.sha256() + ")");
  }

  @Override
  public void tlsKept(TlsMaterialException why) {
    systemd.send("STATUS=SIGHUP: TLS reload refused, still serving the previous certificate: " + OutcomeLines.oneLine(why.oneLine()));
  }

  @Override
  public void stopping(String reason) {
    systemd.send("STOPPING=1", "STATUS=stopping on " + reason);
  }
}
