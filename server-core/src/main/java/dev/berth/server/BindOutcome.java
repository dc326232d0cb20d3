package dev.berth.server;

/**
 * What happened to one endpoint in one start: it was bound (and where, for real), or it
 * failed (and why). A sealed pair, so every consumer handles both.
 */
public sealed interface BindOutcome permits BindOutcome.Bound, BindOutcome.Failed {

  /**
   * The endpoint as asked.
   *
   * @return the endpoint
   */
  Endpoint endpoint();

  /**
   * The endpoint was bound.
   *
   * @param endpoint as asked
   * @param address the real local address: {@code 127.0.0.1:43121}, {@code [::1]:8080}, or
   *     {@code unix:/run/app.sock}; for a host name, its resolved IP
   * @param port the actual port (the one the OS chose behind port 0), or -1 for a unix socket
   * @param attempts how many binds it took, retries included
   * @param instances how many event loops share this one socket: more than 1 only with
   *     {@code instances(n)}, the one deliberate sharing
   * @param tls whether the listener speaks TLS (its URL is then {@code https://})
   */
  record Bound(Endpoint endpoint, String address, int port, int attempts, int instances, boolean tls) implements BindOutcome {

    /**
     * A plain-HTTP endpoint served by one event loop.
     *
     * @param endpoint as asked
     * @param address the real local address
     * @param port the actual port, or -1 for a unix socket
     * @param attempts binds tried
     */
    public Bound(Endpoint endpoint, String address, int port, int attempts) {
      this(endpoint, address, port, attempts, 1, false);
    }

    /**
     * Where to reach it.
     *
     * @return {@code http://127.0.0.1:43121}, {@code https://...} with TLS, or {@code unix:/run/app.sock}
     */
    public String url() {
      return address.startsWith(Endpoint.UNIX_PREFIX) ? address : (tls ? "https://" : "http://") + address;
    }

    Bound withAttempts(int count) {
      return new Bound(endpoint, address, port, count, instances, tls);
    }
  }

  /**
   * The endpoint could not be bound.
   *
   * @param endpoint as asked
   * @param failure why
   */
  record Failed(Endpoint endpoint, BindFailure failure) implements BindOutcome {

    /**
     * The failure in one line for a human, the way the berth CLI prints it.
     *
     * @return {@code cannot listen on 127.0.0.1:8080: address already in use (EADDRINUSE (98)); ...}
     */
    public String oneLine() {
      return "cannot listen on " + endpoint + ": " + failure.oneLine();
    }
  }
}
