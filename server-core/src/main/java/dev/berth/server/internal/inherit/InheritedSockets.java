package dev.berth.server.internal.inherit;

import dev.berth.server.internal.OptionWords;
import dev.berth.server.internal.ApiAccess;
import dev.berth.server.BerthServer;
import dev.berth.server.BindFailure;
import dev.berth.server.BindOutcome;
import dev.berth.server.FailureReason;
import dev.berth.server.internal.engine.Log;
import dev.berth.server.internal.vertx.VertxInternals;
import dev.berth.server.Endpoint;
import dev.berth.server.InheritedEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The inherited sockets of one start: which descriptor each {@code systemd},
 * {@code systemd:NAME} or {@code fd:N} endpoint means, and whether it is a listening stream
 * socket, all decided before anything is served. The environment is read only when an
 * endpoint asks for systemd's sockets; a passed socket no endpoint uses is a warning.
 */
public final class InheritedSockets {

  /** How long connections accepted just before a stop get to deliver their request. */
  public static final long SETTLE_MILLIS = 200;

  private final List<Endpoint> expanded;
  private final Map<InheritedEndpoint, Object> checked;
  // Filled while binding (caller's thread), read by start and stop on event-loop threads.
  private final Map<InheritedEndpoint, String> markers = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<InheritedEndpoint, InheritingTransport.Registration> registrations = new java.util.concurrent.ConcurrentHashMap<>();
  private InheritingTransport transport;

  private InheritedSockets(List<Endpoint> expanded, Map<InheritedEndpoint, Object> checked) {
    this.expanded = List.copyOf(expanded);
    this.checked = checked;
  }

  /** Resolves and validates every inherited endpoint of {@code endpoints}; others pass through. */
  public static InheritedSockets resolve(List<Endpoint> endpoints) {
    return resolve(endpoints, ListenFds.environment(), ProcessHandle.current().pid());
  }

  public static InheritedSockets resolve(List<Endpoint> endpoints, Map<String, String> env, long pid) {
    List<Endpoint> expanded = new ArrayList<>();
    Map<InheritedEndpoint, Object> checked = new HashMap<>();
    if (endpoints.stream().noneMatch(InheritedEndpoint.class::isInstance)) {
      return new InheritedSockets(endpoints, checked);
    }
    ListenFds fds = null;
    InheritedProblem envProblem = null;
    if (endpoints.stream().anyMatch(e -> e instanceof InheritedEndpoint i && i.source() == InheritedEndpoint.Source.SYSTEMD)) {
      try {
        fds = ListenFds.read(env, pid);
      } catch (InheritedProblem e) {
        envProblem = e;
      }
    }
    Map<Integer, Endpoint> used = new HashMap<>();
    for (Endpoint endpoint : endpoints) {
      if (!(endpoint instanceof InheritedEndpoint inherited)) {
        expanded.add(endpoint);
        continue;
      }
      List<InheritedEndpoint> meant = new ArrayList<>();
      if (inherited.source() == InheritedEndpoint.Source.FD) {
        meant.add(inherited);
      } else if (envProblem != null) {
        expanded.add(inherited);
        checked.put(inherited, envProblem.toFailure());
        continue;
      } else {
        for (ListenFds.Passed passed : fds.passed()) {
          if (inherited.name() == null || inherited.name().equals(passed.name())) {
            meant.add(ApiAccess.get().at(inherited, passed.fd()));
          }
        }
        if (meant.isEmpty()) {
          String names = fds.passed().stream().map(ListenFds.Passed::name).collect(Collectors.joining(", "));
          expanded.add(inherited);
          checked.put(inherited, new InheritedProblem(null, 0, "no passed socket is named '" + inherited.name()
              + "' (LISTEN_FDNAMES has: " + names + ")", "match FileDescriptorName= in the .socket unit, or bind systemd").toFailure());
          continue;
        }
      }
      for (InheritedEndpoint one : meant) {
        expanded.add(one);
        Endpoint earlier = used.putIfAbsent(one.fd(), one);
        if (earlier != null) {
          checked.put(one, new InheritedProblem(null, 0, "descriptor " + one.fd() + " is already used by " + earlier,
              "name each passed socket once").toFailure());
          continue;
        }
        try {
          checked.put(one, SocketInspector.inspect(one.fd()));
        } catch (InheritedProblem e) {
          checked.put(one, e.toFailure());
        }
      }
    }
    // Only beside a start that can go on: a failing one says its one line per failure, no more.
    if (fds != null && checked.values().stream().noneMatch(BindFailure.class::isInstance)) {
      Set<String> unused = new LinkedHashSet<>();
      for (ListenFds.Passed passed : fds.passed()) {
        if (!used.containsKey(passed.fd())) {
          unused.add("fd " + passed.fd() + " (" + passed.name() + ")");
        }
      }
      if (!unused.isEmpty()) {
        Log.of(BerthServer.class).log(System.Logger.Level.WARNING,
            "systemd passed sockets that no endpoint uses, left alone: {0}", String.join(", ", unused));
      }
    }
    return new InheritedSockets(expanded, checked);
  }

  /**
   * Validates the inherited endpoints among {@code endpoints} exactly as a start would, without
   * serving: for {@code berth check}, which must not accept (and so take from the queue) a
   * single connection on a socket that a running or restarting server shares.
   *
   * @param endpoints the endpoints of a start, inherited or not
   * @return one outcome per inherited socket, in order ({@code systemd} gives one per passed
   *     socket); ordinary endpoints are not in it
   */
  public static List<BindOutcome> check(List<Endpoint> endpoints) {
    InheritedSockets sockets = resolve(endpoints);
    List<BindOutcome> outcomes = new ArrayList<>();
    for (Endpoint endpoint : sockets.expanded) {
      if (endpoint instanceof InheritedEndpoint inherited) {
        Object result = sockets.checked.get(inherited);
        outcomes.add(result instanceof BindFailure f ? ApiAccess.get().failed(inherited, f) : sockets.bound(inherited));
      }
    }
    return outcomes;
  }

  /** The endpoints to bind, in order, with each {@code systemd} form replaced by one entry per socket it means. */
  public List<Endpoint> endpoints() {
    return expanded;
  }

  public boolean any() {
    return !checked.isEmpty();
  }

  /** A Vert.x builder for these options, with the inheriting transport when an endpoint needs it. */
  public io.vertx.core.VertxBuilder vertxBuilder(io.vertx.core.VertxOptions options, boolean preferNative) {
    io.vertx.core.VertxBuilder builder = Vertx.builder().with(options);
    transport(preferNative).ifPresent(builder::withTransport);
    return builder;
  }

  /**
   * The transport to build Vert.x with when it must serve inherited sockets: epoll plus the
   * wrapping above. Empty when no endpoint is inherited or the epoll transport is unavailable
   * (then {@link #problem} says so for each such endpoint).
   */
  private Optional<io.vertx.core.transport.Transport> transport(boolean preferNative) {
    io.vertx.core.transport.Transport epoll = io.vertx.core.transport.Transport.EPOLL;
    if (!any() || !preferNative || epoll == null || !epoll.available()) {
      return Optional.empty();
    }
    transport = new InheritingTransport(epoll.implementation());
    InheritingTransport wrapper = transport;
    return Optional.of(new io.vertx.core.transport.Transport() {
      @Override
      public String name() {
        return "epoll";
      }

      @Override
      public boolean available() {
        return true;
      }

      @Override
      public Throwable unavailabilityCause() {
        return null;
      }

      @Override
      public io.vertx.core.spi.transport.Transport implementation() {
        return wrapper;
      }
    });
  }

  /** Why this endpoint cannot be served, or null when {@link #marker} may be listened on. */
  public BindFailure problem(InheritedEndpoint endpoint, Vertx vertx) {
    Object result = checked.get(endpoint);
    if (result instanceof BindFailure failure) {
      return failure;
    }
    if (transport == null || VertxInternals.transport(vertx) != transport) {
      return new InheritedProblem(null, 0, "descriptor " + endpoint.fd() + " is a valid listening socket, but the "
          + (vertx.isNativeTransportEnabled() ? "given Vert.x instance" : "NIO transport") + " cannot serve a socket it did not bind",
          "run with the native epoll transport (the default; drop " + OptionWords.current().jdkTransport() + ") and let Berth create Vert.x").toFailure();
    }
    return null;
  }

  /** The made-up address that makes Vert.x serve this endpoint's descriptor (see InheritingTransport). */
  public SocketAddress marker(InheritedEndpoint endpoint, boolean tcpNoDelay) {
    SocketInspector.Listening socket = (SocketInspector.Listening) checked.get(endpoint);
    InheritingTransport.Registration registration = new InheritingTransport.Registration(endpoint.fd(), socket.unix(), tcpNoDelay);
    registrations.put(endpoint, registration);
    return SocketAddress.domainSocketAddress(markers.computeIfAbsent(endpoint, e -> transport.register(registration)));
  }

  /** Once every endpoint is bound and the application started: accept on inherited sockets. */
  public void startAccepting() {
    for (InheritingTransport.Registration registration : registrations.values()) {
      io.netty.channel.Channel channel = registration.channel;
      if (channel != null) {
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
      }
    }
  }

  /**
   * First step of a stop: no more accepts on inherited sockets (so the kernel keeps queuing
   * connections for the next process), then a short pause, because Vert.x's drain closes
   * every connection without a request in progress, and one accepted a moment ago whose
   * request is still unread would be reset. Measured: without the pause a restart under
   * load reset about one connection in a thousand; with it, none.
   */
  public io.vertx.core.Future<Void> stopAccepting(Vertx vertx) {
    List<io.netty.channel.Channel> channels = registrations.values().stream()
        .map(r -> r.channel).filter(java.util.Objects::nonNull).toList();
    if (channels.isEmpty()) {
      return io.vertx.core.Future.succeededFuture();
    }
    for (io.netty.channel.Channel channel : channels) {
      channel.eventLoop().execute(() -> channel.config().setAutoRead(false));
    }
    // A promise without a context: the rest of the stop closes Vert.x, and a future tied to
    // one of its event loops could then never deliver its result.
    io.vertx.core.Promise<Void> settled = io.vertx.core.Promise.promise();
    vertx.setTimer(SETTLE_MILLIS, id -> settled.complete());
    return settled.future();
  }

  /** The outcome once Vert.x listens: where the socket really is (getsockname), or why not. */
  public BindOutcome served(InheritedEndpoint endpoint, int instances) {
    InheritingTransport.Registration registration = registrations.get(endpoint);
    if (registration == null || !registration.taken) {
      return ApiAccess.get().failed(endpoint, ApiAccess.get().bindFailure(FailureReason.UNKNOWN, null, 0,
          "Vert.x listened without using descriptor " + endpoint.fd(), 1, "report this: the inherited-socket hook of this Vert.x version failed", null, null));
    }
    BindOutcome.Bound bound = bound(endpoint);
    return ApiAccess.get().bound(endpoint, bound.address(), bound.port(), 1, instances, false);
  }

  private BindOutcome.Bound bound(InheritedEndpoint endpoint) {
    SocketInspector.Listening socket = (SocketInspector.Listening) checked.get(endpoint);
    return ApiAccess.get().bound(endpoint, socket.address(), socket.port(), 1);
  }
}
