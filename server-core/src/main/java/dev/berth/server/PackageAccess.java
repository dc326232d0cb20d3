package dev.berth.server;

import dev.berth.server.internal.ApiAccess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The public package's side of {@link ApiAccess}: the engine's door to package-private constructors. */
final class PackageAccess implements ApiAccess {

  /** Loaded with this class, not when a bind meets EMFILE and no class file can be opened any more. */
  private static final List<Class<?>> RESULTS = List.of(BindOutcome.Bound.class, BindOutcome.Failed.class, BindFailure.class,
      BindFailure.Holder.class, BindReport.class, CertificateFacts.class, ServeEvent.class, ServeEvent.Kind.class);

  static {
    ApiAccess.register(new PackageAccess());
  }

  private PackageAccess() {}

  @Override
  public BindFailure bindFailure(FailureReason reason, String errno, int errnoNumber, String osMessage, int attempts, String hint,
      BindFailure.Holder holder, Throwable cause) {
    return new BindFailure(reason, errno, errnoNumber, osMessage, attempts, hint, holder, cause);
  }

  @Override
  public BindFailure.Holder holder(long pid, String command) {
    return new BindFailure.Holder(pid, command);
  }

  @Override
  public BindOutcome.Bound bound(Endpoint endpoint, String address, int port, int attempts, int instances, boolean tls) {
    return new BindOutcome.Bound(endpoint, address, port, attempts, instances, tls);
  }

  @Override
  public BindOutcome.Failed failed(Endpoint endpoint, BindFailure failure) {
    return new BindOutcome.Failed(endpoint, failure);
  }

  @Override
  public BindReport bindReport(List<BindOutcome> outcomes, BindReport.Transport transport, Instant startedAt, Duration elapsed,
      Map<Endpoint, CertificateFacts> certificates) {
    return new BindReport(outcomes, transport, startedAt, elapsed, certificates);
  }

  @Override
  public CertificateFacts certificateFacts(String subject, List<String> subjectAltNames, Instant notBefore, Instant notAfter,
      String sha256, List<String> warnings) {
    return new CertificateFacts(subject, subjectAltNames, notBefore, notAfter, sha256, warnings);
  }

  @Override
  public ServeEvent serveEvent(ServeEvent.Kind kind, System.Logger.Level level, String oneLine, Object about, Integer exitCode,
      Throwable cause) {
    return new ServeEvent(kind, level, oneLine, about, exitCode, cause);
  }

  @Override
  public InvalidEndpointException invalidEndpoint(String input, String problem, String remedy) {
    return new InvalidEndpointException(input, problem, remedy);
  }

  @Override
  public ApplicationStartException applicationStart(String message, Throwable cause, BindReport report) {
    return new ApplicationStartException(message, cause, report);
  }

  @Override
  public TlsMaterialException tlsMaterial(FailureReason reason, String problem, String hint, Throwable cause) {
    return new TlsMaterialException(reason, problem, hint, cause);
  }

  @Override
  public BindFailure failureOf(TlsMaterialException e) {
    return e.toBindFailure();
  }

  @Override
  public BindFailure withAttempts(BindFailure failure, int count) {
    return failure.withAttempts(count);
  }

  @Override
  public BindOutcome.Bound withAttempts(BindOutcome.Bound bound, int count) {
    return bound.withAttempts(count);
  }

  @Override
  public BindFailure withHolder(BindFailure failure, BindFailure.Holder holder, String hint) {
    return failure.withHolder(holder, hint);
  }

  @Override
  public InheritedEndpoint at(InheritedEndpoint endpoint, int descriptor) {
    return endpoint.at(descriptor);
  }

  @Override
  public OverloadNotice overloadNotice(OverloadNotice.Kind kind, String oneLine, boolean ended, long count, long total, int open,
      int max) {
    return new OverloadNotice(kind, oneLine, ended, count, total, open, max);
  }

  @Override
  public StartFailure startFailure(ExitCode code, String oneLine, BindReport report, JsonObject reportJson, Throwable cause) {
    return new StartFailure(code, oneLine, report, reportJson, cause);
  }

  @Override
  public boolean isPem(TlsMaterial material) {
    return material.kind() == TlsMaterial.Kind.PEM;
  }

  @Override
  public Path certificateOrKeystore(TlsMaterial material) {
    return material.certificateOrKeystore();
  }

  @Override
  public Path keyOrPasswordFile(TlsMaterial material) {
    return material.keyOrPasswordFile();
  }
}
