package dev.berth.server;

/**
 * Told of each step of {@link BerthServer#serveUntilStopped}, in order, on the thread that
 * runs it: the berth CLI plugs its report file and sd_notify in here, an embedder its
 * readiness probe or metrics. Every method does nothing by default; implement the ones you
 * need. A method that throws ends serving: the server is stopped without draining and the
 * exception leaves {@code serveUntilStopped}.
 */
public interface ServeListener {

  /**
   * Every endpoint bound and the application started; nothing announced yet (write what a
   * tool that sees "ready" should find, e.g. the report file).
   *
   * @param report where the server listens
   */
  default void bound(BindReport report) {}

  /**
   * Serving: the listening lines are out.
   *
   * @param report where the server listens
   */
  default void ready(BindReport report) {}

  /**
   * The start failed: nothing is bound.
   *
   * @param failure the status, the line and the report if there is one
   */
  default void startFailed(StartFailure failure) {}

  /**
   * An overload line (connection cap reached, accept failing, slow clients shed).
   *
   * @param notice the line and its counts
   */
  default void overload(OverloadNotice notice) {}

  /**
   * SIGHUP reloaded the TLS material; the report shows the new certificate.
   *
   * @param report the report with the new certificate
   * @param facts what the TLS endpoints present from now on
   */
  default void tlsReloaded(BindReport report, CertificateFacts facts) {}

  /**
   * SIGHUP found the new TLS material unusable; the previous one is still served.
   *
   * @param why what is wrong with the new material
   */
  default void tlsKept(TlsMaterialException why) {}

  /**
   * A stop was asked for; draining begins.
   *
   * @param reason e.g. {@code SIGTERM}
   */
  default void stopping(String reason) {}

  /**
   * Serving ended.
   *
   * @param status the status {@code serveUntilStopped} returns
   */
  default void stopped(int status) {}
}
