package dev.berth.server;

/**
 * What happened to one endpoint in one start: it was bound (and where, for real), or it
 * failed (and why). A sealed pair, so every consumer handles both.
 */
public sealed interface BindOutcome permits BindOutcome.Bound, BindOutcome.Failed {

  /** The endpoint as asked. */
  Endpoint endpoint();

  /**
   * The endpoint was bound.
   *
   * @param endpoint as asked
   * @param address the real local address: {@code 127.0.0.1:43121}, {@code [::1]:8080}, or
   *     {@code unix:/run/app.sock}; for a host name, its resolved IP
   * @param port the actual port (the one the OS chose behind port 0), or -1 for a unix socket
   * @param attempts how many binds it took, retries included
   */
  record Bound(Endpoint endpoint, String address, int port, int attempts) implements BindOutcome {
    /** Where to reach it: {@code http://127.0.0.1:43121} or {@code unix:/run/app.sock}. */
    public String url() {
      return address.startsWith(Endpoint.UNIX_PREFIX) ? address : "http://" + address;
    }
  }

  /** The endpoint could not be bound. */
  record Failed(Endpoint endpoint, BindFailure failure) implements BindOutcome {}
}
