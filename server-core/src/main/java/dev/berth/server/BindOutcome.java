package dev.berth.server;

import java.util.Objects;

/**
 * What happened to one endpoint in one start: it was bound (and where, for real), or it
 * failed (and why). A sealed pair, so every consumer handles both. Both are values made by
 * Berth only (their constructors are not API): fields may be added, none removed.
 */
public sealed interface BindOutcome permits BindOutcome.Bound, BindOutcome.Failed {

  /**
   * The endpoint as asked.
   *
   * @return the endpoint
   */
  Endpoint endpoint();

  /** The endpoint was bound. */
  final class Bound implements BindOutcome {

    private final Endpoint endpoint;
    private final String address;
    private final int port;
    private final int attempts;
    private final int instances;
    private final boolean tls;

    Bound(Endpoint endpoint, String address, int port, int attempts, int instances, boolean tls) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.address = Objects.requireNonNull(address, "address");
      this.port = port;
      this.attempts = attempts;
      this.instances = instances;
      this.tls = tls;
    }

    @Override
    public Endpoint endpoint() {
      return endpoint;
    }

    /**
     * The real local address.
     *
     * @return {@code 127.0.0.1:43121}, {@code [::1]:8080}, or {@code unix:/run/app.sock}; for a host name, its resolved IP
     */
    public String address() {
      return address;
    }

    /**
     * The actual port (the one the OS chose behind port 0).
     *
     * @return the port, or -1 for a unix socket
     */
    public int port() {
      return port;
    }

    /**
     * How many binds it took, retries included.
     *
     * @return at least 1
     */
    public int attempts() {
      return attempts;
    }

    /**
     * How many event loops share this one socket: more than 1 only with {@code instances(n)},
     * the one deliberate sharing.
     *
     * @return the number of event loops
     */
    public int instances() {
      return instances;
    }

    /**
     * Whether the listener speaks TLS (its URL is then {@code https://}).
     *
     * @return true for TLS
     */
    public boolean tls() {
      return tls;
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

    @Override
    public boolean equals(Object o) {
      return o instanceof Bound b && b.endpoint.equals(endpoint) && b.address.equals(address) && b.port == port
          && b.attempts == attempts && b.instances == instances && b.tls == tls;
    }

    @Override
    public int hashCode() {
      return Objects.hash(endpoint, address, port, attempts, instances, tls);
    }

    /** {@code 127.0.0.1:0 bound at http://127.0.0.1:43121}. */
    @Override
    public String toString() {
      return endpoint + " bound at " + url();
    }
  }

  /** The endpoint could not be bound. */
  final class Failed implements BindOutcome {

    private final Endpoint endpoint;
    private final BindFailure failure;

    Failed(Endpoint endpoint, BindFailure failure) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.failure = Objects.requireNonNull(failure, "failure");
    }

    @Override
    public Endpoint endpoint() {
      return endpoint;
    }

    /**
     * Why.
     *
     * @return the failure
     */
    public BindFailure failure() {
      return failure;
    }

    /**
     * The failure in one line for a human, the way the berth CLI prints it.
     *
     * @return {@code cannot listen on 127.0.0.1:8080: address already in use (EADDRINUSE (98)); ...}
     */
    public String oneLine() {
      return "cannot listen on " + endpoint + ": " + failure.oneLine();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Failed f && f.endpoint.equals(endpoint) && f.failure.equals(failure);
    }

    @Override
    public int hashCode() {
      return Objects.hash(endpoint, failure);
    }

    /** The same as {@link #oneLine()}. */
    @Override
    public String toString() {
      return oneLine();
    }
  }
}
