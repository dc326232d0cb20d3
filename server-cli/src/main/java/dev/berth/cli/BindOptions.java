package dev.berth.cli;

import dev.berth.server.BerthServer;
import dev.berth.server.BerthServerBuilder;
import dev.berth.server.Endpoint;
import dev.berth.server.internal.bind.Endpoints;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.TcpEndpoint;
import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options {@code serve} and {@code check} share: what to bind, how to resolve, where to report. */
final class BindOptions {

  static final String DEFAULT_ENDPOINT = "127.0.0.1:8080";

  @Option(names = {"-b", "--bind"}, paramLabel = "ENDPOINT", converter = EndpointConverter.class,
      description = "Where to listen, repeatable: HOST:PORT, [IPV6]:PORT, https://HOST:PORT (TLS: see --tls-cert) or unix:PATH;"
          + " port 0 picks a free one; systemd, systemd:NAME or fd:N serve a listening socket handed over by systemd or a parent."
          + " Default: " + DEFAULT_ENDPOINT + " (never all interfaces unless asked: 0.0.0.0:PORT, [::]:PORT).")
  List<Endpoint> endpoints = new ArrayList<>();

  @Option(names = "--report", paramLabel = "FILE",
      description = "Write the JSON bind report (schema berth.bind-report/1) here, atomically, on success and"
          + " failure, before readiness is announced.")
  Path report;

  @Option(names = "--native-transport", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Use Netty's native epoll transport when this machine supports it (default), else the JDK's NIO. "
          + "Failures are classified the same on both; the report's 'transport' says which ran.")
  boolean nativeTransport;

  @Option(names = "--dns-server", paramLabel = "HOST:PORT",
      description = "DNS server for host names, repeatable (default: the system's). /etc/hosts is read first.")
  List<String> dnsServers = new ArrayList<>();

  @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
      description = "Log lines on stderr as text or JSON (ECS). Default: ${DEFAULT-VALUE}.")
  LogFormat logFormat;

  @Option(names = {"-v", "--verbose"}, description = "Debug logging and stack traces.")
  boolean verbose;

  @Option(names = "--termination-log", paramLabel = "FILE|none",
      description = "When berth exits with a failure code, also write its error lines to this file (Kubernetes'"
          + " terminationMessagePath). Default: /dev/termination-log when it exists and is writable; none: never.")
  String terminationLog;

  /** Logging set up, endpoints checked as a whole, report location checked: all before any bind. */
  List<Endpoint> prepare() {
    TerminationLog.use(terminationLog);
    LazyLog4j.use(logFormat, verbose);
    List<Endpoint> chosen = endpoints.isEmpty() ? List.of(Endpoint.parse(DEFAULT_ENDPOINT)) : List.copyOf(endpoints);
    try {
      Endpoints.requireDistinct(chosen);
    } catch (InvalidEndpointException e) {
      throw new UsageError(e.getMessage());
    }
    for (String server : dnsServers) {
      dnsServerText(server);
    }
    reportFile().ifPresent(ReportFile::checkWritable);
    return chosen;
  }

  Optional<ReportFile> reportFile() {
    return Optional.ofNullable(report).map(ReportFile::new);
  }

  BerthServerBuilder serverBuilder(List<Endpoint> chosen) {
    BerthServerBuilder builder = BerthServer.builder().bind(chosen).nativeTransport(nativeTransport);
    // Vert.x options only when needed: creating them loads Netty (and its logging), which a
    // run that fails in the pre-bind probe would otherwise pay for.
    if (!dnsServers.isEmpty()) {
      builder.vertxOptions(new VertxOptions().setAddressResolverOptions(new AddressResolverOptions()
          .setServers(dnsServers.stream().map(this::dnsServerText).toList())));
    }
    return builder;
  }

  /** Vert.x takes {@code IP:PORT} with the IPv6 address unbracketed (it splits at the last colon). */
  private String dnsServerText(String text) {
    boolean hasPort = text.startsWith("[") ? text.contains("]:") : text.contains(":");
    String withPort = hasPort ? text : text + ":53";
    Endpoint parsed;
    try {
      parsed = Endpoint.parse(withPort);
    } catch (InvalidEndpointException e) {
      throw new UsageError("invalid --dns-server '" + text + "': " + e.getMessage());
    }
    if (!(parsed instanceof TcpEndpoint tcp) || !tcp.isIpLiteral() || tcp.port() == 0) {
      throw new UsageError("invalid --dns-server '" + text
          + "': give an IP address and optional port, e.g. 127.0.0.1:5353 or [::1]:53");
    }
    return tcp.host() + ":" + tcp.port();
  }
}
