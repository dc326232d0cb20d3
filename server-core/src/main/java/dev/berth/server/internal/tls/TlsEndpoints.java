package dev.berth.server.internal.tls;

import dev.berth.server.internal.ApiAccess;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.CertificateFacts;
import dev.berth.server.InheritedEndpoint;
import dev.berth.server.TlsMaterialException;
import dev.berth.server.internal.bind.Preflight;
import dev.berth.server.internal.inherit.InheritedSockets;
import dev.berth.server.Endpoint;
import dev.berth.server.TcpEndpoint;
import dev.berth.server.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The TLS side of one server: loads and checks its material before anything binds, gives
 * each {@code https://} endpoint its options, remembers the servers it gave them to so a
 * reload can swap the key in place, and adds what each endpoint presents to the report.
 * Apart from the bind engine so that the engine only asks it three things.
 */
public final class TlsEndpoints {

  private final TlsMaterial material;
  private volatile TlsLoader.Loaded loaded;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  /** The TLS options last handed out: a reload keeps all of them but the key. */
  private volatile ServerSSLOptions sslOptions;

  public TlsEndpoints(TlsMaterial material) {
    this.material = material;
  }

  public static boolean isTls(Endpoint endpoint) {
    return endpoint instanceof TcpEndpoint tcp && tcp.tls();
  }

  /** An https:// endpoint needs material, and material needs an https:// endpoint to serve it. */
  public static void requireConsistent(List<Endpoint> endpoints, TlsMaterial material) {
    java.util.Optional<Endpoint> https = endpoints.stream().filter(TlsEndpoints::isTls).findFirst();
    if (https.isPresent() && material == null) {
      throw ApiAccess.get().invalidEndpoint(https.get().toString(), "an https:// endpoint needs TLS material",
          "give it with tls(TlsMaterial.pem(...)) or tls(TlsMaterial.pkcs12(...)), or bind http://");
    }
    if (https.isEmpty() && material != null) {
      throw ApiAccess.get().invalidEndpoint(endpoints.get(0).toString(), "TLS material given but no https:// endpoint to serve it on",
          "bind https://HOST:PORT, or drop tls(...)");
    }
  }

  /**
   * Loads the material. When it cannot be used, the complete report of the start that will
   * not happen: each https:// endpoint failed with the reason, every other endpoint probed
   * with a plain socket (bound without listening, closed at once), so nothing ever listened.
   */
  public Optional<BindReport> failureReport(List<Endpoint> endpoints, boolean reuseAddress, BindReport.Transport transport) {
    if (material == null) {
      return Optional.empty();
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    try {
      loaded = TlsLoader.load(material, started);
      return Optional.empty();
    } catch (TlsMaterialException e) {
      List<BindOutcome> outcomes = Preflight.withHolders(Preflight.probeTogether(endpoints, reuseAddress, endpoint -> {
        if (isTls(endpoint)) {
          return List.of(ApiAccess.get().failed(endpoint, ApiAccess.get().failureOf(e)));
        }
        // An inherited socket is validated, never listened on.
        return endpoint instanceof InheritedEndpoint ? InheritedSockets.check(List.of(endpoint)) : null;
      }));
      return Optional.of(ApiAccess.get().bindReport(outcomes, transport, started, Duration.ofNanos(System.nanoTime() - t0)));
    }
  }

  /** The base options for a plain endpoint; for a TLS one, TLS with the loaded key and ALPN. */
  public HttpServerOptions optionsFor(Endpoint endpoint, HttpServerOptions base) {
    if (!isTls(endpoint)) {
      return base;
    }
    boolean h2 = material.offersHttp2();
    HttpServerOptions options = new HttpServerOptions(base).setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(loaded.keyManagers()))
        .setUseAlpn(h2).setAlpnVersions(h2 ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1) : List.of(HttpVersion.HTTP_1_1));
    if (OpenSSLEngineOptions.isAvailable()) {
      // netty-tcnative on the class path (the CLI's distribution ships BoringSSL's): the same
      // handshakes and key material through OpenSSL, at about twice the JDK engine's requests/s.
      options.setSslEngineOptions(new OpenSSLEngineOptions());
    }
    sslOptions = options.getSslOptions().copy().setUseAlpn(h2)
        .setApplicationLayerProtocols(h2 ? List.of("h2", "http/1.1") : List.of("http/1.1"));
    return options;
  }

  /** Remembers a TLS endpoint's servers, for {@link #reload}. */
  public void track(Endpoint endpoint, List<HttpServer> bound) {
    if (isTls(endpoint)) {
      servers.addAll(bound);
    }
  }

  /** The report with what each TLS endpoint presents. */
  public BindReport annotate(BindReport report) {
    if (material == null || loaded == null) {
      return report;
    }
    Map<Endpoint, CertificateFacts> facts = new HashMap<>(report.certificates());
    for (BindOutcome.Bound bound : report.bound()) {
      if (isTls(bound.endpoint())) {
        facts.put(bound.endpoint(), loaded.facts());
      }
    }
    return ApiAccess.get().bindReport(report.outcomes(), report.transport(), report.startedAt(), report.elapsed(), facts);
  }

  /**
   * Reads the material again, checks it exactly as at start, and only if it passes swaps it
   * into every TLS server (new handshakes use it; open connections keep theirs). A failure
   * leaves the old material served and fails the future with the reason.
   */
  public Future<CertificateFacts> reload(Vertx vertx) {
    if (material == null) {
      return Future.failedFuture(new IllegalStateException("this server has no TLS endpoint"));
    }
    return vertx.executeBlocking(() -> TlsLoader.load(material, Instant.now()), false).compose(fresh -> {
      List<Future<Boolean>> updates = new ArrayList<>();
      for (HttpServer server : servers) {
        ServerSSLOptions options = sslOptions.copy().setKeyCertOptions(KeyCertOptions.wrap(fresh.keyManagers()));
        updates.add(server.updateSSLOptions(options, true));
      }
      return Future.all(updates).map(x -> {
        loaded = fresh;
        return fresh.facts();
      });
    });
  }

  /** What the TLS endpoints present now (null before a successful load). */
  public CertificateFacts current() {
    TlsLoader.Loaded l = loaded;
    return l == null ? null : l.facts();
  }
}
