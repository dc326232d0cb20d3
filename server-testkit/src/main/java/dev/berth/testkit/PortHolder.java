package dev.berth.testkit;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;

/**
 * Occupies a TCP port with a real listening socket for as long as a test needs it, so "address in
 * use" can be tested without the race of "find a free port, release it, hope nobody takes it".
 *
 * <p>The socket listens (backlog 1) but never accepts; SO_REUSEPORT is never set. After binding, the
 * holder checks itself: a second bind of the same host and port must fail, otherwise {@link
 * #hold} throws {@link IllegalStateException} — a test built on a holder can never pass
 * vacuously. IPv4 addresses are held with an IPv4-only socket ({@link StandardProtocolFamily#INET}),
 * so {@code 0.0.0.0} does not also block {@code ::1}; IPv6 addresses with an IPv6 socket, so {@code
 * ::} is dual-stack on Linux (it blocks IPv4 too). Thread-safe.
 */
public final class PortHolder implements AutoCloseable {
  private final String requestedHost;
  private final int requestedPort;
  private ServerSocketChannel channel;
  private InetSocketAddress bound;
  private boolean closed;

  private PortHolder(String host, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0-65535");
    }
    this.requestedHost = host;
    this.requestedPort = port;
  }

  /**
   * Binds and verifies {@code host:port} now (port 0 = ephemeral): the one way to hold a port,
   * e.g. {@code PortHolder.hold("127.0.0.1", 0)}, {@code hold("::1", 0)}, {@code hold("0.0.0.0", 0)}.
   */
  public static PortHolder hold(String host, int port) {
    return new PortHolder(host, port).start();
  }

  /** Binds, listens and verifies; throws if the port cannot be held or the hold does not block. */
  private synchronized PortHolder start() {
    if (closed) {
      throw new IllegalStateException("PortHolder for " + requestedHost + " is closed; create a new one");
    }
    if (channel != null) {
      throw new IllegalStateException("PortHolder already started on " + endpoint());
    }
    InetAddress address = resolve(requestedHost);
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open(familyOf(address));
      ch.bind(new InetSocketAddress(address, requestedPort), 1);
      InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
      verifyBlocks(address, local.getPort());
      channel = ch;
      bound = new InetSocketAddress(address, local.getPort());
      return this;
    } catch (IOException | UnsupportedOperationException e) {
      closeQuietly(ch);
      throw new IllegalStateException(
          "cannot hold " + Hosts.endpoint(address, requestedPort) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static void verifyBlocks(InetAddress address, int port) throws IOException {
    try (ServerSocketChannel probe = ServerSocketChannel.open(familyOf(address))) {
      probe.bind(new InetSocketAddress(address, port), 1);
    } catch (BindException expected) {
      return;
    }
    throw new IllegalStateException(
        "holding " + Hosts.endpoint(address, port) + " does not block a second bind there (SO_REUSEPORT?)");
  }

  static ProtocolFamily familyOf(InetAddress address) {
    return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
  }

  private static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot hold a port on " + host + ": host does not resolve", e);
    }
  }

  private static void closeQuietly(ServerSocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  /** The held port (the real one behind port 0); still answers after {@link #close()}. */
  public synchronized int port() {
    return boundAddress().getPort();
  }

  /** The held address as a literal: {@code 127.0.0.1}, {@code ::1}, {@code ::}. */
  public synchronized String host() {
    return Hosts.literal(boundAddress().getAddress());
  }

  /** The held socket address. */
  public synchronized InetSocketAddress address() {
    return boundAddress();
  }

  /** Canonical endpoint text: {@code 127.0.0.1:P}, {@code [::1]:P}. */
  public synchronized String endpoint() {
    InetSocketAddress a = boundAddress();
    return Hosts.endpoint(a.getAddress(), a.getPort());
  }

  private InetSocketAddress boundAddress() {
    if (bound == null) {
      throw new IllegalStateException("PortHolder for " + requestedHost + ":" + requestedPort + " holds nothing");
    }
    return bound;
  }

  /** Releases the port; safe to call twice. {@link #port()} still answers afterwards. */
  @Override
  public synchronized void close() {
    closed = true;
    closeQuietly(channel);
    channel = null;
  }

  /** True until {@link #close()}. */
  public synchronized boolean isHolding() {
    return channel != null;
  }

  @Override
  public synchronized String toString() {
    return "PortHolder[" + (bound == null ? requestedHost + ":" + requestedPort + " unstarted" : endpoint())
        + (closed ? " closed" : "") + "]";
  }
}
