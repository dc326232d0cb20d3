package dev.berth.server.internal.engine;

import dev.berth.server.internal.metrics.BerthMeters;
import dev.berth.server.internal.metrics.MetricsWiring;
import dev.berth.server.internal.ApiAccess;
import dev.berth.server.BindOutcome;
import dev.berth.server.CertificateFacts;
import dev.berth.server.Endpoint;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.TcpEndpoint;
import dev.berth.server.internal.bind.AddressOverlap;
import dev.berth.server.internal.bind.BindFailureClassifier;
import dev.berth.server.internal.bind.EndpointBinder;
import dev.berth.server.internal.bind.Endpoints;
import dev.berth.server.internal.bind.InProcessConflict;
import dev.berth.server.internal.bind.Preflight;
import dev.berth.server.internal.vertx.VertxInternals;
import dev.berth.server.ApplicationStartException;
import dev.berth.server.BerthServer;
import dev.berth.server.BindReport;
import dev.berth.server.internal.inherit.InheritedSockets;
import dev.berth.server.internal.lifecycle.Lines;
import dev.berth.server.internal.limits.FloodGuard;
import dev.berth.server.internal.tls.TlsEndpoints;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One server's start and stop, as named steps: check TLS material, probe, create Vert.x, build the handler,
 * resolve names, check that the endpoints can bind together, bind all, start the
 * application, open the gate. Each failure leaves nothing bound and a Vert.x instance the
 * server created closed. {@link BerthServer} is the public face and keeps the state.
 */
public final class ServerEngine {

  private final ServerSettings settings;
  private final ListenerSet listeners = new ListenerSet();
  private final StartGate gate;
  private final FloodGuard flood;
  private final TlsEndpoints tls;
  private volatile Vertx vertx;
  private volatile BindReport report;
  /** This server's berth_ meters while it runs, when it has metrics. */
  private volatile BerthMeters meters;
  /** This start's sockets handed over by systemd or a parent (none for most servers). */
  private volatile InheritedSockets inherited = InheritedSockets.resolve(List.of());

  public ServerEngine(ServerSettings settings) {
    this.settings = settings;
    this.gate = new StartGate(settings.maxBodySize(), ServerOptionsAssembly.maxRequestLine(settings));
    this.flood = new FloodGuard(settings.connectionLimits().maxConnections(), settings.connectionLimits().headerTimeout(),
        settings.maxBodySize());
    this.vertx = settings.vertx();
    this.tls = new TlsEndpoints(settings.tls());
  }

  public Vertx vertx() {
    return vertx;
  }

  public ServerSettings settings() {
    return settings;
  }

  public FloodGuard flood() {
    return flood;
  }

  public BindReport report() {
    return report;
  }

  /** Completes with the report (bound or not), or fails with ApplicationStartException or InvalidEndpointException. */
  public Future<BindReport> start(BerthServer server) {
    inherited = InheritedSockets.resolve(settings.endpoints());
    Optional<BindReport> early = tlsMaterial().or(this::preflight);
    if (early.isPresent()) {
      report = early.get();
      return Future.succeededFuture(report);
    }
    createVertx();
    if (settings.metrics() != null) {
      meters = new BerthMeters(settings.metrics().registry());
      meters.attach(server, settings.endpoints());
      flood.observer(meters::overload);
    }
    Handler<HttpServerRequest> handler;
    try {
      handler = buildHandler();
    } catch (RuntimeException e) {
      Promise<BindReport> failed = Promise.promise();
      releaseVertx().onComplete(x -> failed.fail(ApiAccess.get().applicationStart(
          "the application failed to build its request handler: " + Lines.chain(e), e, null)));
      return failed.future();
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    // The result is a promise of no context: once Vert.x is closed, a future bound to one of
    // its event loops could no longer deliver anything.
    Promise<BindReport> result = Promise.promise();
    resolveNames()
        .compose(this::requireBindableTogether)
        .compose(this::bindAll)
        .onComplete(bound -> {
          if (bound.failed()) { // overlapping endpoints: nothing was listened on
            closeAndRelease().onComplete(x -> result.fail(bound.cause()));
            return;
          }
          List<BindOutcome> outcomes = bound.result();
          if (!outcomes.stream().allMatch(BindOutcome.Bound.class::isInstance)) {
            closeAndRelease().onComplete(x -> result.complete(report = ApiAccess.get().bindReport(outcomes, transport(), started,
                Duration.ofNanos(System.nanoTime() - t0))));
            return;
          }
          BindReport all = report = tls.annotate(ApiAccess.get().bindReport(outcomes, transport(), started, Duration.ofNanos(System.nanoTime() - t0)));
          startApplication(server).onComplete(app -> {
            if (app.failed()) {
              closeAndRelease().onComplete(x -> result.fail(ApiAccess.get().applicationStart(
                  "the application failed to start: " + Lines.chain(app.cause()), app.cause(), all)));
              return;
            }
            inherited.startAccepting();
            gate.open(handler);
            result.complete(all);
          });
        });
    return result.future();
  }

  /**
   * The TLS certificate and key, loaded and checked before anything binds, with or without
   * the probe below: unusable material fails the start with nothing listened on.
   */
  private Optional<BindReport> tlsMaterial() {
    Vertx given = settings.vertx();
    boolean epoll = given != null ? given.isNativeTransportEnabled() : settings.prefersNativeTransport();
    return tls.failureReport(settings.endpoints(), settings.reuseAddress(), epoll ? BindReport.Transport.EPOLL : BindReport.Transport.NIO);
  }

  /**
   * Before anything listens, whoever created the Vert.x instance: a failure found here means
   * no endpoint ever reached listen(2) (and, without a given instance, costs no Vert.x start-up).
   * On a given instance, another server of it on an overlapping address is "in use" here too.
   */
  private Optional<BindReport> preflight() {
    if (!settings.preflight() || inherited.any()) {
      return Optional.empty();
    }
    Vertx given = settings.vertx();
    boolean epoll = given != null ? given.isNativeTransportEnabled() : settings.prefersNativeTransport();
    Optional<BindReport> found = Preflight.failureReport(settings.endpoints(), settings.reuseAddress(), settings.effectiveReusePort(),
        settings.bindRetries(), epoll ? BindReport.Transport.EPOLL : BindReport.Transport.NIO,
        endpoint -> given == null ? null : inProcess(given, endpoint));
    return given == null ? found : found.map(ServerEngine::sayInProcess);
  }

  /** A port this JVM holds, found by the probe while another server of the instance was starting: said as such. */
  private static BindReport sayInProcess(BindReport report) {
    return ApiAccess.get().bindReport(report.outcomes().stream().map(outcome -> outcome instanceof BindOutcome.Failed f
        && f.endpoint() instanceof TcpEndpoint tcp && f.failure().holderIfKnown().filter(h -> h.isThisProcess()).isPresent()
        && !f.failure().osMessage().startsWith("another server in this JVM")
        ? (BindOutcome) ApiAccess.get().failed(tcp, InProcessConflict.failure(tcp, tcp.toString())) : outcome).toList(),
        report.transport(), report.startedAt(), report.elapsed());
  }

  private static List<BindOutcome> inProcess(Vertx given, Endpoint endpoint) {
    if (!(endpoint instanceof TcpEndpoint tcp) || tcp.port() == 0) {
      return null;
    }
    return AddressOverlap.literal(tcp).flatMap(a -> VertxInternals.overlappingSharedListener(given, a, tcp.port()))
        .map(occupied -> List.<BindOutcome>of(ApiAccess.get().failed(tcp, InProcessConflict.failure(tcp, occupied)))).orElse(null);
  }

  private void createVertx() {
    if (vertx == null) {
      vertx = settings.metrics() == null
          ? inherited.vertxBuilder(settings.vertxOptions(), settings.prefersNativeTransport()).build()
          : MetricsWiring.instrument(settings.metrics().registry(), settings.vertxOptions(),
              options -> inherited.vertxBuilder(options, settings.prefersNativeTransport())).build();
    }
    flood.start(vertx);
  }

  private Handler<HttpServerRequest> buildHandler() {
    return Objects.requireNonNull(settings.application().requestHandler(vertx), "requestHandler(vertx) returned null");
  }

  /**
   * Every TCP endpoint's address, names resolved with the instance's resolver before
   * anything listens; a name that does not resolve becomes its failed outcome.
   */
  private Future<List<Object>> resolveNames() {
    List<Future<Object>> all = new ArrayList<>();
    for (Endpoint endpoint : inherited.endpoints()) {
      if (!(endpoint instanceof TcpEndpoint tcp)) {
        all.add(Future.succeededFuture(null));
      } else if (tcp.isIpLiteral()) {
        all.add(Future.succeededFuture(AddressOverlap.literal(tcp).orElseThrow()));
      } else {
        all.add(VertxInternals.resolve(vertx, tcp.host()).<Object>map(a -> a).recover(e -> Future.succeededFuture(
            ApiAccess.get().failed(tcp, BindFailureClassifier.classify(tcp, e)))));
      }
    }
    return Future.all(all).map(x -> all.stream().map(Future::result).toList());
  }

  /** Endpoints that overlap once names are resolved are a usage error, found before any listen. */
  private Future<List<Object>> requireBindableTogether(List<Object> resolved) {
    try {
      AddressOverlap.requireNoOverlap(inherited.endpoints(),
          resolved.stream().map(r -> r instanceof InetAddress a ? a : null).toList());
      return Future.succeededFuture(resolved);
    } catch (InvalidEndpointException e) {
      return Future.failedFuture(e);
    }
  }

  /** Every endpoint is attempted, even after one fails, so the report is complete. */
  private Future<List<BindOutcome>> bindAll(List<Object> resolved) {
    EndpointBinder binder = new EndpointBinder(vertx, settings, ServerOptionsAssembly.assemble(settings), tls, gate, listeners, this,
        inherited, flood, meters == null ? null : meters::refused);
    List<Future<BindOutcome>> attempts = new ArrayList<>();
    for (int i = 0; i < inherited.endpoints().size(); i++) {
      Object r = resolved.get(i);
      attempts.add(r instanceof BindOutcome.Failed failed ? Future.succeededFuture(failed)
          : binder.bind(inherited.endpoints().get(i), (InetAddress) r));
    }
    return Future.join(attempts).transform(x -> Future.succeededFuture(attempts.stream().map(Future::result).toList()));
  }

  private Future<Void> startApplication(BerthServer server) {
    try {
      Future<Void> started = settings.application().start(server);
      return started != null ? started : Future.failedFuture(new NullPointerException("start(server) returned null"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Swaps re-read TLS material into the running https:// listeners; see {@link BerthServer#reloadTls()}. */
  public Future<CertificateFacts> reloadTls() {
    return tls.reload(vertx).onSuccess(facts -> report = tls.annotate(report));
  }

  /** Completes (on no context: see start) once listeners, application and Vert.x are closed. */
  public Future<Void> stop(Duration drainTimeout) {
    Promise<Void> done = Promise.promise();
    // Inherited sockets stop accepting first, so the kernel queues for the next process; the
    // connection cap must not turn accepting back on while the rest drains.
    Future<Void> closing = flood.stopping().compose(x -> inherited.stopAccepting(vertx))
        .compose(x -> listeners.closeAll(drainTimeout));
    closing.onComplete(closed -> stopApplication().onComplete(app -> releaseVertx().onComplete(v -> {
      if (closed.failed()) {
        done.fail(closed.cause());
      } else {
        done.complete();
      }
    })));
    return done.future();
  }

  private Future<Void> stopApplication() {
    try {
      Future<Void> stopped = settings.application().stop();
      return stopped == null ? Future.succeededFuture() : stopped.otherwiseEmpty();
    } catch (RuntimeException e) {
      return Future.succeededFuture();
    }
  }

  private Future<Void> closeAndRelease() {
    Promise<Void> done = Promise.promise();
    listeners.closeAll(Duration.ZERO).onComplete(x -> releaseVertx().onComplete(y -> done.complete()));
    return done.future();
  }

  private Future<Void> releaseVertx() {
    flood.stop();
    if (meters != null) {
      meters.detach();
    }
    return settings.vertx() == null && vertx != null ? vertx.close() : Future.succeededFuture();
  }

  private BindReport.Transport transport() {
    Vertx v = vertx;
    return v != null && v.isNativeTransportEnabled() ? BindReport.Transport.EPOLL : BindReport.Transport.NIO;
  }
}
