package dev.berth.server.internal.lifecycle;

import dev.berth.server.BindOutcome;
import dev.berth.server.CertificateFacts;
import dev.berth.server.Endpoint;
import dev.berth.server.ExitCode;
import dev.berth.server.OverloadNotice;
import dev.berth.server.ServeEvent;
import dev.berth.server.ServeEvent.Kind;
import dev.berth.server.StartFailure;
import dev.berth.server.TlsMaterialException;
import dev.berth.server.internal.ApiAccess;
import java.lang.System.Logger.Level;

/** The lifecycle's lines as events: each line's words ({@link Lines}) with its kind, level and the value it is about. */
public final class Events {

  private Events() {}

  static ServeEvent listening(BindOutcome.Bound bound) {
    return of(Kind.LISTENING, Level.INFO, Lines.listening(bound), bound, null, null);
  }

  static ServeEvent certificate(Endpoint endpoint, CertificateFacts facts) {
    return of(Kind.CERTIFICATE, Level.INFO, endpoint + " presents " + facts.subject() + " " + facts.subjectAltNames()
        + ", valid until " + facts.notAfter() + ", SHA-256 " + facts.sha256(), facts, null, null);
  }

  static ServeEvent certificateWarning(CertificateFacts facts, String warning) {
    return of(Kind.CERTIFICATE_WARNING, Level.WARNING, warning, facts, null, null);
  }

  static ServeEvent bindFailed(BindOutcome.Failed failed, ExitCode status) {
    return of(Kind.BIND_FAILED, Level.ERROR, failed.oneLine(), failed, status.code(), failed.failure().cause());
  }

  static ServeEvent startFailed(StartFailure failure) {
    return of(Kind.START_FAILED, Level.ERROR, failure.oneLine(), null, failure.exitCode().code(), failure.cause().orElse(null));
  }

  /** Also said outside {@code serveUntilStopped}, by a server that was only started. */
  public static ServeEvent overload(OverloadNotice notice) {
    return of(Kind.OVERLOAD, notice.ended() ? Level.INFO : Level.WARNING, notice.oneLine(), notice, null, null);
  }

  static ServeEvent tlsReloaded(CertificateFacts facts) {
    return of(Kind.TLS_RELOADED, Level.INFO, "SIGHUP: TLS certificate reloaded: " + facts.subject() + ", SHA-256 " + facts.sha256()
        + ", valid until " + facts.notAfter(), facts, null, null);
  }

  static ServeEvent tlsRefused(TlsMaterialException why) {
    return of(Kind.TLS_RELOAD_REFUSED, Level.ERROR, "SIGHUP: TLS reload refused, still serving the previous certificate: "
        + Lines.oneLine(why.oneLine()), why, null, null);
  }

  static ServeEvent stopping(String line) {
    return of(Kind.STOPPING, Level.INFO, line, null, null, null);
  }

  static ServeEvent stopped() {
    return of(Kind.STOPPED, Level.INFO, "stopped", null, ExitCode.OK.code(), null);
  }

  static ServeEvent stopFailed(String line, Throwable cause) {
    return of(Kind.STOP_FAILED, Level.ERROR, line, null, ExitCode.SOFTWARE.code(), cause);
  }

  static ServeEvent forced(String line, int status) {
    return of(Kind.FORCED_EXIT, Level.WARNING, line, null, status, null);
  }

  static ServeEvent note(Level level, String line) {
    return of(Kind.NOTE, level, line, null, null, null);
  }

  private static ServeEvent of(Kind kind, Level level, String line, Object about, Integer exitCode, Throwable cause) {
    return ApiAccess.get().serveEvent(kind, level, line, about, exitCode, cause);
  }
}
