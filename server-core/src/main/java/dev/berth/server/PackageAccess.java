package dev.berth.server;

import dev.berth.server.internal.ApiAccess;
import java.nio.file.Path;

/** The public package's side of {@link ApiAccess}: the engine's door to package-private constructors. */
final class PackageAccess implements ApiAccess {

  static {
    ApiAccess.register(new PackageAccess());
  }

  private PackageAccess() {}

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
