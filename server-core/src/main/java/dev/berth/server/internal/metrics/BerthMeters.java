package dev.berth.server.internal.metrics;

import dev.berth.server.BerthServer;
import dev.berth.server.Endpoint;
import dev.berth.server.OverloadNotice;
import dev.berth.server.TcpEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Berth's own meters for one server, under {@code berth_}: what only Berth knows (certificate expiry as loaded and
 * reloaded, overload episodes, framing refusals, the connection cap), fed by the same events core logs rather than
 * by counters of its own inside the engine. Every label value comes from a closed set or from the server's own
 * configuration (its endpoints), never from a client.
 */
public final class BerthMeters {

  private final MeterRegistry registry;
  private final List<Meter> registered = new ArrayList<>();
  private final Set<String> activeEpisodes = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Counter> refusals = new ConcurrentHashMap<>();

  public BerthMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the meters that read the server when scraped; {@code endpoints} are the server's, as bound. */
  public synchronized void attach(BerthServer server, List<Endpoint> endpoints) {
    registered.add(Gauge.builder("berth.build.info", () -> 1)
        .description("Berth's version, and the Vert.x and Java it runs on (always 1)")
        .tag("version", versionOf(BerthServer.class))
        .tag("vertx", versionOf(Vertx.class))
        .tag("java", Runtime.version().toString())
        .register(registry));
    registered.add(Gauge.builder("berth.connections.max", server, BerthServer::maxConnections)
        .description("The connection cap in force: more connections wait in the kernel's backlog")
        .register(registry));
    for (Endpoint endpoint : endpoints) {
      if (endpoint instanceof TcpEndpoint tcp && tcp.tls()) {
        registered.add(Gauge.builder("berth.tls.certificate.not.after", server, s -> notAfter(s, endpoint))
            .description("End of validity of the certificate the endpoint presents, as Unix time (after a reload, the new one)")
            .baseUnit("seconds")
            .tag("endpoint", endpoint.toString())
            .register(registry));
      }
    }
    for (String kind : List.of("cap", "accept_failed", "shed")) {
      registered.add(Gauge.builder("berth.overload.active", activeEpisodes, a -> a.contains(kind) ? 1 : 0)
          .description("1 while an overload episode of this kind lasts (cap: the connection cap reached;"
              + " accept_failed: accept failing, e.g. EMFILE; shed: slow clients closed)")
          .tag("kind", kind)
          .register(registry));
      registered.add(episodes(kind));
    }
    registered.add(shed());
  }

  /** Removes this server's meters from the registry (at stop): a gauge must not go on reading a stopped server. */
  public synchronized void detach() {
    registered.forEach(registry::remove);
    refusals.values().forEach(registry::remove);
    registered.clear();
    refusals.clear();
  }

  /** Told each overload line (see {@link OverloadNotice}); the counts arrive with the lines, at most every 10 s. */
  public void overload(OverloadNotice notice) {
    if (notice.ended()) {
      activeEpisodes.remove(notice.kind());
    } else if (activeEpisodes.add(notice.kind())) {
      episodes(notice.kind()).increment();
    }
    if ("shed".equals(notice.kind()) && notice.count() > 0) {
      shed().increment(notice.count());
    }
  }

  /** A request the framing checks refused, by the status it was answered with. */
  public void refused(int status) {
    refusals.computeIfAbsent(status, s -> Counter.builder("berth.requests.refused")
        .description("Requests refused by the strict HTTP/1 framing checks before the application saw them,"
            + " by reason (malformed framing, request line, headers or chunked body too long, unsupported coding or version)")
        .tag("reason", reason(s))
        .tag("status", Integer.toString(s))
        .register(registry)).increment();
  }

  /** The status a refusal is answered with names its reason; see the framing guard's checks. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "malformed";
      case 413 -> "body_too_large";
      case 414 -> "request_line_too_long";
      case 431 -> "header_too_large";
      case 501 -> "transfer_coding_not_implemented";
      case 505 -> "version_not_supported";
      default -> "other";
    };
  }

  private Counter episodes(String kind) {
    return Counter.builder("berth.overload.episodes")
        .description("Overload episodes begun, by kind (see berth_overload_active)")
        .tag("kind", kind)
        .register(registry);
  }

  private Counter shed() {
    return Counter.builder("berth.connections.shed")
        .description("Connections closed because their request headers were not complete in time (--header-timeout)")
        .register(registry);
  }

  private static double notAfter(BerthServer server, Endpoint endpoint) {
    return server.report()
        .map(r -> r.certificates().get(endpoint))
        .map(facts -> (double) facts.notAfter().getEpochSecond())
        .orElse(Double.NaN);
  }

  private static String versionOf(Class<?> type) {
    String version = type.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
