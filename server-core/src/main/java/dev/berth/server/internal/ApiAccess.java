package dev.berth.server.internal;

import dev.berth.server.ApplicationStartException;
import dev.berth.server.BindFailure;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.ExitCode;
import dev.berth.server.Endpoint;
import dev.berth.server.FailureReason;
import dev.berth.server.InheritedEndpoint;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.OverloadNotice;
import dev.berth.server.StartFailure;
import dev.berth.server.ServeEvent;
import dev.berth.server.TlsMaterial;
import dev.berth.server.TlsMaterialException;
import dev.berth.server.CertificateFacts;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The engine's one way to make and read the public types whose constructors are not API
 * (so that embedders cannot build a result that Berth did not produce, and a field added later
 * breaks no caller). The public package registers the only implementation; the pattern is the
 * JDK's own "shared secrets" between its packages.
 */
public interface ApiAccess {

  /** The implementation the public package registers, found by class initialisation. */
  static ApiAccess get() {
    return Holder.INSTANCE;
  }

  /** Called once, by the public package's implementation. */
  static void register(ApiAccess access) {
    Holder.registered = access;
  }

  BindFailure bindFailure(FailureReason reason, String errno, int errnoNumber, String osMessage, int attempts, String hint,
      BindFailure.Holder holder, Throwable cause);

  BindFailure.Holder holder(long pid, String command);

  BindOutcome.Bound bound(Endpoint endpoint, String address, int port, int attempts, int instances, boolean tls);

  /** A plain-HTTP endpoint served by one event loop. */
  default BindOutcome.Bound bound(Endpoint endpoint, String address, int port, int attempts) {
    return bound(endpoint, address, port, attempts, 1, false);
  }

  BindOutcome.Failed failed(Endpoint endpoint, BindFailure failure);

  BindReport bindReport(List<BindOutcome> outcomes, BindReport.Transport transport, Instant startedAt, Duration elapsed,
      Map<Endpoint, CertificateFacts> certificates);

  /** A report without TLS endpoints. */
  default BindReport bindReport(List<BindOutcome> outcomes, BindReport.Transport transport, Instant startedAt, Duration elapsed) {
    return bindReport(outcomes, transport, startedAt, elapsed, Map.of());
  }

  CertificateFacts certificateFacts(String subject, List<String> subjectAltNames, Instant notBefore, Instant notAfter,
      String sha256, List<String> warnings);

  ServeEvent serveEvent(ServeEvent.Kind kind, System.Logger.Level level, String oneLine, Object about, Integer exitCode,
      Throwable cause);

  InvalidEndpointException invalidEndpoint(String input, String problem, String remedy);

  ApplicationStartException applicationStart(String message, Throwable cause, BindReport report);

  TlsMaterialException tlsMaterial(FailureReason reason, String problem, String hint, Throwable cause);

  BindFailure failureOf(TlsMaterialException e);

  BindFailure withAttempts(BindFailure failure, int count);

  BindOutcome.Bound withAttempts(BindOutcome.Bound bound, int count);

  BindFailure withHolder(BindFailure failure, BindFailure.Holder holder, String hint);

  InheritedEndpoint at(InheritedEndpoint endpoint, int descriptor);

  OverloadNotice overloadNotice(OverloadNotice.Kind kind, String oneLine, boolean ended, long count, long total, int open, int max);

  StartFailure startFailure(ExitCode code, String oneLine, BindReport report, JsonObject reportJson, Throwable cause);

  /** Whether the material is a PEM pair (else a PKCS#12 keystore). */
  boolean isPem(TlsMaterial material);

  /** The certificate file (PEM) or the keystore (PKCS#12). */
  Path certificateOrKeystore(TlsMaterial material);

  /** The key file (PEM) or the password file (PKCS#12). */
  Path keyOrPasswordFile(TlsMaterial material);

  /** Loads the registering class once, on first use. */
  final class Holder {
    private static volatile ApiAccess registered;
    private static final ApiAccess INSTANCE = load();

    private Holder() {}

    private static ApiAccess load() {
      try {
        Class.forName("dev.berth.server.PackageAccess", true, ApiAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("server-core is incomplete: " + e, e);
      }
      return registered;
    }
  }
}
