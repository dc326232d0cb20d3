package dev.berth.server.internal.bind;

import dev.berth.server.internal.ApiAccess;
import dev.berth.server.BindFailure;
import dev.berth.server.BindOutcome;
import dev.berth.server.FailureReason;
import dev.berth.server.TcpEndpoint;
import dev.berth.server.UnixEndpoint;
import dev.berth.server.BindReport;
import dev.berth.server.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a bind failure before Vert.x starts, with a plain JDK socket, so that a server
 * that cannot listen says so in the time a JVM takes to start rather than the time an
 * event-loop framework takes to load (and so that a healthy endpoint is never listened on,
 * even briefly, next to one that fails).
 *
 * <p>Only endpoints it can check without a name lookup are probed: IP literals, and unix
 * paths through {@link UnixSocketProbe}. It answers only when it can give the complete
 * report: every endpoint probed, at least one failed, and none that a retry could fix.
 * Otherwise the real bind decides. Each probe socket is closed at once; the classification
 * is the same as for a failure on the NIO transport.
 */
public final class Preflight {

  private Preflight() {}

  /**
   * @param decided an outcome known without a probe (another server on the same Vert.x
   *     instance), or null to probe
   */
  public static Optional<BindReport> failureReport(List<Endpoint> endpoints, boolean reuseAddress, boolean reusePort,
      int bindRetries, BindReport.Transport transport, java.util.function.Function<Endpoint, List<BindOutcome>> decided) {
    if (reusePort) {
      return Optional.empty(); // with SO_REUSEPORT a probe would succeed where it should, and prove nothing
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    for (Endpoint endpoint : endpoints) {
      if (endpoint instanceof TcpEndpoint tcp && !tcp.isIpLiteral()) {
        return Optional.empty();
      }
    }
    warmUp();
    List<BindOutcome> outcomes = probeTogether(endpoints, reuseAddress, decided);
    boolean failed = false;
    for (BindOutcome outcome : outcomes) {
      if (outcome instanceof BindOutcome.Failed f) {
        failed = true;
        if (f.failure().reason() == FailureReason.ADDRESS_IN_USE && bindRetries > 0) {
          return Optional.empty(); // the real bind retries; the probe must not decide
        }
      }
    }
    if (!failed) {
      return Optional.empty();
    }
    return Optional.of(ApiAccess.get().bindReport(withHolders(outcomes), transport, started, Duration.ofNanos(System.nanoTime() - t0)));
  }

  /**
   * Each endpoint's outcome: {@code decided}'s where it gives one (non-null), else a probe. Probe
   * sockets stay open until every endpoint is probed, as the real bind holds them all: a
   * descriptor limit (EMFILE) shows only when they are held together. Then all are closed.
   */
  public static List<BindOutcome> probeTogether(List<Endpoint> endpoints, boolean reuseAddress,
      java.util.function.Function<Endpoint, List<BindOutcome>> decided) {
    List<BindOutcome> outcomes = new ArrayList<>();
    List<java.io.Closeable> held = new ArrayList<>();
    try {
      for (Endpoint endpoint : endpoints) {
        List<BindOutcome> known = decided.apply(endpoint);
        if (known != null) {
          outcomes.addAll(known);
          continue;
        }
        Probe result = endpoint instanceof TcpEndpoint tcp ? probe(tcp, reuseAddress, held) : probe((UnixEndpoint) endpoint, held);
        outcomes.add(result.failure() != null ? ApiAccess.get().failed(endpoint, result.failure())
            : ApiAccess.get().bound(endpoint, result.address(), result.port(), 1));
      }
    } finally {
      for (java.io.Closeable socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a probe socket cannot fail in a way that matters
        }
      }
    }
    return outcomes;
  }

  /** The outcomes with the holder of each busy address named, where the OS lets us see it. */
  public static List<BindOutcome> withHolders(List<BindOutcome> outcomes) {
    return outcomes.stream().map(outcome -> {
      if (outcome instanceof BindOutcome.Failed f && f.failure().reason() == FailureReason.ADDRESS_IN_USE
          && f.failure().holderIfKnown().isEmpty()) {
        Endpoint endpoint = f.endpoint();
        BindFailure inUse = f.failure();
        return (BindOutcome) ApiAccess.get().failed(endpoint,
            HolderLookup.holderOf(endpoint).map(h -> ApiAccess.get().withHolder(inUse, h, Hints.withHolder(endpoint, h))).orElse(inUse));
      }
      return outcome;
    }).toList();
  }

  /**
   * Opens and closes one socket first: the JDK sets up its socket-closing machinery on the
   * first close, which itself needs a descriptor, so under a descriptor limit that the probe
   * sockets exhaust it would fail with an Error instead of EMFILE being reported.
   */
  private static void warmUp() {
    try {
      ServerSocketChannel.open().close();
    } catch (IOException | RuntimeException ignored) {
      // the probe will meet and report the same problem
    }
    // Loaded now: a probe that meets EMFILE could not open their class files any more.
    BindFailureClassifier.classify(TcpEndpoint.of("127.0.0.1", 0), new java.net.SocketException(Errno.EMFILE.message()));
    ApiAccess.get();
  }

  /** What one probe found: where it bound (then closed), or why it could not. */
  public record Probe(String address, int port, BindFailure failure) {}

  public static Probe probe(TcpEndpoint endpoint, boolean reuseAddress, List<java.io.Closeable> held) {
    try {
      InetAddress address = InetAddress.getByName(HostSyntax.bracketIfV6(endpoint.host()));
      StandardProtocolFamily family = address instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
      // A client socket: bind() without listen(), so the probe never accepts a connection,
      // even for the microseconds it holds the port. The kernel refuses the bind all the same
      // when a listener holds the address (SO_REUSEADDR never overrides a listening socket).
      java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(family);
      held.add(channel);
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
      channel.bind(new InetSocketAddress(address, endpoint.port()));
      int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
      return new Probe(HostSyntax.bracketIfV6(endpoint.host()) + ":" + port, port, null);
    } catch (IOException | RuntimeException e) {
      return new Probe(null, 0, BindFailureClassifier.classify(endpoint, e));
    }
  }

  /** The path rules first, then a real bind under a private name in the same directory (EACCES shows there). */
  public static Probe probe(UnixEndpoint endpoint, List<java.io.Closeable> held) {
    Optional<BindFailure> rules = UnixSocketProbe.prepare(endpoint);
    if (rules.isPresent()) {
      return new Probe(null, 0, rules.get());
    }
    java.nio.file.Path privateName = UnixSocketPublisher.privateNameFor(endpoint.path().toAbsolutePath());
    try {
      ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      held.add(channel);
      channel.bind(java.net.UnixDomainSocketAddress.of(privateName), 1);
      return new Probe(endpoint.toString(), -1, null);
    } catch (IOException | RuntimeException e) {
      return new Probe(null, 0, BindFailureClassifier.classify(endpoint, e));
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(privateName);
      } catch (IOException ignored) {
        // the directory refused us; nothing was created
      }
    }
  }
}
