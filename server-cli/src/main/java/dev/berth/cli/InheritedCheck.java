package dev.berth.cli;

import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.Endpoint;
import dev.berth.server.InheritedEndpoint;
import dev.berth.server.internal.inherit.InheritedSockets;
import dev.berth.server.internal.ApiAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code berth check} for sockets handed over by systemd or a parent: validated exactly as
 * {@code serve} would, but never listened on, because a check that accepted even one
 * connection would take it from the queue the real server shares. Own endpoints are bound
 * and released as before; their outcomes come first, then the inherited ones.
 */
final class InheritedCheck {

  private InheritedCheck() {}

  static BindReport report(List<Endpoint> endpoints, boolean nativeTransport, Function<List<Endpoint>, BindReport> bindOwn) {
    List<Endpoint> own = endpoints.stream().filter(e -> !(e instanceof InheritedEndpoint)).toList();
    if (own.size() == endpoints.size()) {
      return bindOwn.apply(endpoints);
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<BindOutcome> outcomes = new ArrayList<>();
    BindReport.Transport transport = nativeTransport ? BindReport.Transport.EPOLL : BindReport.Transport.NIO;
    if (!own.isEmpty()) {
      BindReport ownReport = bindOwn.apply(own);
      outcomes.addAll(ownReport.outcomes());
      transport = ownReport.transport();
    }
    outcomes.addAll(InheritedSockets.check(endpoints));
    return ApiAccess.get().bindReport(outcomes, transport, started, Duration.ofNanos(System.nanoTime() - t0));
  }
}
