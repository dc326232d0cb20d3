package dev.berth.cli;

import dev.berth.server.BerthServer;
import dev.berth.server.CertificateFacts;
import dev.berth.server.internal.lifecycle.SignalTrap;
import dev.berth.server.TlsMaterialException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;

/**
 * SIGHUP reloads the TLS certificate and key (what {@code systemctl reload} sends with
 * {@code ExecReload=/bin/kill -HUP $MAINPID}). The JVM's own SIGHUP handling would run the
 * shutdown hooks and exit 129; berth takes it over from the start, so a SIGHUP never stops
 * the server: before it serves it is ignored, afterwards a bad new certificate is reported
 * (one line, sd_notify STATUS=) and the old one stays served.
 */
final class TlsReloadSignal {

  private final AtomicReference<BerthServer> serving = new AtomicReference<>();
  private volatile java.util.Optional<ReportFile> reportFile = java.util.Optional.empty();
  private final SystemdNotifier systemd;

  private TlsReloadSignal(SystemdNotifier systemd) {
    this.systemd = systemd;
  }

  static TlsReloadSignal install(SystemdNotifier systemd) {
    TlsReloadSignal reloads = new TlsReloadSignal(systemd);
    try {
      SignalTrap.handle("HUP", (name, number) -> reloads.reload());
    } catch (IllegalArgumentException e) {
      Say.warn("cannot handle SIGHUP (" + e.getMessage() + "); TLS reload is unavailable and SIGHUP ends berth");
    }
    return reloads;
  }

  /** From now on a SIGHUP reloads this server's TLS material (and rewrites the report file). */
  void serving(BerthServer server, java.util.Optional<ReportFile> report) {
    reportFile = report;
    serving.set(server);
  }

  private void reload() {
    BerthServer server = serving.get();
    if (server == null) {
      Say.info("SIGHUP before serving: ignored");
      return;
    }
    server.reloadTls().onComplete(result -> {
      if (result.succeeded()) {
        CertificateFacts facts = result.result();
        // The report first, so that whoever sees the line below can read the new facts.
        try {
          reportFile.ifPresent(file -> file.write(server.report().orElseThrow().toJson()));
        } catch (CommandFailure e) {
          Say.warn("SIGHUP: could not rewrite the report: " + OutcomeLines.oneLine(e.getMessage()));
        }
        Say.line(Level.INFO, "SIGHUP: TLS certificate reloaded: " + facts.subject() + ", SHA-256 " + facts.sha256()
            + ", valid until " + facts.notAfter(), EcsFields.tlsReload(null), null);
        facts.warnings().forEach(Say::warn);
        systemd.send("STATUS=TLS certificate reloaded (SHA-256 " + facts.sha256() + ")");
      } else if (!(result.cause() instanceof TlsMaterialException)) {
        Say.info("SIGHUP: nothing to reload (" + result.cause().getMessage() + ")");
      } else {
        Throwable cause = result.cause();
        String why = cause instanceof TlsMaterialException tls ? tls.oneLine() : String.valueOf(cause.getMessage());
        String line = "SIGHUP: TLS reload refused, still serving the previous certificate: " + OutcomeLines.oneLine(why);
        Say.line(Level.ERROR, line, EcsFields.tlsReload(((TlsMaterialException) cause).reason()), null);
        systemd.send("STATUS=" + line);
      }
    });
  }
}
