package dev.berth.server.internal;

import dev.berth.server.ApplicationStartException;
import dev.berth.server.BindFailure;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.FailureReason;
import dev.berth.server.InheritedEndpoint;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.TlsMaterial;
import dev.berth.server.TlsMaterialException;
import java.nio.file.Path;

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

  InvalidEndpointException invalidEndpoint(String input, String problem, String remedy);

  ApplicationStartException applicationStart(String message, Throwable cause, BindReport report);

  TlsMaterialException tlsMaterial(FailureReason reason, String problem, String hint, Throwable cause);

  BindFailure failureOf(TlsMaterialException e);

  BindFailure withAttempts(BindFailure failure, int count);

  BindOutcome.Bound withAttempts(BindOutcome.Bound bound, int count);

  BindFailure withHolder(BindFailure failure, BindFailure.Holder holder, String hint);

  InheritedEndpoint at(InheritedEndpoint endpoint, int descriptor);

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
