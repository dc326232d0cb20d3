package dev.berth.server;

import java.time.Duration;
import java.util.Objects;
import dev.berth.server.internal.engine.ServerSettings;

/**
 * How many connections a server holds at once and how long a client may take to send its
 * request headers: what keeps it serving under a flood of slow connections (see
 * docs/operations.md, "Connection floods"). A value; {@link #defaults()} are the safe ones.
 *
 * @param maxConnections at most this many connections open at once, over all endpoints; at
 *     the cap new connections wait in the kernel's backlog until one closes. 0 means the
 *     default: the descriptor limit minus those open when serving starts minus a reserve of 64
 * @param headerTimeout a connection whose request line and headers are not complete this
 *     long after it was accepted (or after its previous response) is closed, with 408 where
 *     it sent part of a request; at the cap the one waiting longest may go after 1 s.
 *     {@link Duration#ZERO} turns it off
 */
public record ConnectionLimits(int maxConnections, Duration headerTimeout) {

  /** Default header timeout: 10 seconds. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(ServerSettings.DEFAULT_HEADER_TIMEOUT_SECONDS);

  /**
   * Checks the values.
   *
   * @param maxConnections 0 (the default) or more
   * @param headerTimeout not negative
   * @throws IllegalArgumentException for a negative cap or timeout
   */
  public ConnectionLimits {
    if (maxConnections < 0) {
      throw new IllegalArgumentException("max connections must be at least 1 (or 0 for the default), got " + maxConnections);
    }
    if (Objects.requireNonNull(headerTimeout, "headerTimeout").isNegative()) {
      throw new IllegalArgumentException("header timeout must not be negative, got " + headerTimeout);
    }
  }

  /**
   * The defaults: the cap from the descriptor limit, a 10 s header timeout.
   *
   * @return the default limits
   */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(0, DEFAULT_HEADER_TIMEOUT);
  }

  /**
   * These limits with another cap.
   *
   * @param count 1 or more
   * @return a new value
   */
  public ConnectionLimits withMaxConnections(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("max connections must be at least 1, got " + count);
    }
    return new ConnectionLimits(count, headerTimeout);
  }

  /**
   * These limits with another header timeout.
   *
   * @param timeout {@link Duration#ZERO} to turn it off
   * @return a new value
   */
  public ConnectionLimits withHeaderTimeout(Duration timeout) {
    return new ConnectionLimits(maxConnections, timeout);
  }
}
