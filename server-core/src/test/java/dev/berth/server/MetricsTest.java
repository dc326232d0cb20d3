package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.server.internal.metrics.BerthMeters;
import dev.berth.testkit.PortHolder;
import dev.berth.testkit.RawHttp;
import dev.berth.testkit.TestCertificates;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics as an embedder gets them: Prometheus text on an endpoint of its own, bound with the others all or none;
 * Vert.x's request meters without a path label; Berth's own meters fed by the framing guard and the TLS report;
 * and the same meters in a registry the embedder brings.
 */
class MetricsTest {

  private BerthServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stopAndWait(Duration.ofSeconds(2));
    }
  }

  @Test
  void prometheusTextOnItsOwnEndpointCountsRequestsWithoutTheirPaths(@TempDir Path dir) throws Exception {
    server = BerthServer.builder().bind("127.0.0.1:0")
        .metrics(BerthMetrics.prometheus().serveAt("127.0.0.1:0"))
        .handler(r -> r.response().end("app " + r.path())).build();
    BindReport report = Bind.started(server);
    assertThat(report.outcomes()).hasSize(2);
    int app = report.bound().get(0).port();
    int metrics = report.bound().get(1).port();
    assertThat(report.bound().get(1).endpoint()).hasToString("127.0.0.1:0");

    for (String path : List.of("/a", "/b?q=1", "/c/d")) {
      assertThat(RawHttp.get(app, path)).startsWith("HTTP/1.1 200").contains("app ");
    }
    assertThat(RawHttp.get(app, "/metrics")).as("the application's endpoint serves the application").contains("app /metrics");
    assertThat(RawHttp.get(metrics, "/")).as("the metrics endpoint serves only /metrics").startsWith("HTTP/1.1 404");

    String text = scrape(metrics);
    assertThat(text)
        .contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\"} 4.0")
        .contains("vertx_http_server_requests_total{code=\"404\",method=\"GET\"} 1.0")
        .contains("berth_build_info{")
        .contains("berth_connections_max " + server.maxConnections() + ".0")
        .contains("vertx_http_server_active_connections")
        .contains("vertx_http_server_bytes_written")
        .contains("vertx_http_server_response_time_seconds")
        .doesNotContain("/b").doesNotContain("path=").doesNotContain("local=").doesNotContain("remote=");
    promtoolAccepts(text, dir);
  }

  @Test
  void aRequestRefusedByTheFramingChecksIsCountedByReason() throws Exception {
    server = BerthServer.builder().bind("127.0.0.1:0")
        .metrics(BerthMetrics.prometheus().serveAt("127.0.0.1:0"))
        .handler(r -> r.response().end("ok")).build();
    BindReport report = Bind.started(server);
    int app = report.bound().get(0).port();
    String answer = RawHttp.exchange(app, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(RawHttp.exchange(app, "GET /" + "x".repeat(5000) + " HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 414");
    assertThat(scrape(report.bound().get(1).port()))
        .contains("berth_requests_refused_total{reason=\"malformed\",status=\"400\"} 1.0")
        .contains("berth_requests_refused_total{reason=\"request_line_too_long\",status=\"414\"} 1.0");
  }

  @Test
  void aBusyMetricsPortFailsTheWholeStartAndNothingIsServed() {
    try (PortHolder busy = PortHolder.hold("127.0.0.1", 0)) {
      server = BerthServer.builder().bind("127.0.0.1:0")
          .metrics(BerthMetrics.prometheus().serveAt(busy.endpoint()))
          .handler(r -> r.response().end("ok")).build();
      BindReport report = server.startAndWait();
      assertThat(report.succeeded()).isFalse();
      assertThat(report.failures()).singleElement()
          .satisfies(f -> assertThat(f.failure().reason()).isEqualTo(FailureReason.ADDRESS_IN_USE))
          .satisfies(f -> assertThat(f.endpoint()).hasToString(busy.endpoint()));
      assertThat(ExitCode.of(report)).isEqualTo(ExitCode.TEMPFAIL);
      assertThat(server.addresses()).as("nothing left bound").isEmpty();
    }
  }

  @Test
  void theMetricsEndpointMayNotBeAnApplicationEndpoint() {
    var builder = BerthServer.builder().bind("127.0.0.1:0", "127.0.0.1:9")
        .metrics(BerthMetrics.prometheus().serveAt("127.0.0.1:9")).handler(r -> r.response().end());
    org.assertj.core.api.Assertions.assertThatThrownBy(builder::build).isInstanceOf(InvalidEndpointException.class);
  }

  @Test
  void anEmbeddersRegistryGetsBerthsMetersIncludingCertificateExpiryAndLosesThemAtStop() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TestCertificates certs = TestCertificates.create()) {
      TestCertificates.Issued issued = certs.expiringInDays(20);
      server = BerthServer.builder().bind("https://127.0.0.1:0")
          .tls(TlsMaterial.pem(issued.certificate(), issued.key()))
          .metrics(BerthMetrics.into(registry))
          .handler(r -> r.response().end("ok")).build();
      Bind.started(server);
      X509Certificate cert;
      try (var in = Files.newInputStream(issued.certificate())) {
        cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      assertThat(registry.get("berth.tls.certificate.not.after").tag("endpoint", "https://127.0.0.1:0").gauge().value())
          .isEqualTo(cert.getNotAfter().toInstant().getEpochSecond());
      assertThat(registry.get("berth.connections.max").gauge().value()).isEqualTo(server.maxConnections());
      assertThat(registry.find("vertx.http.server.requests").meters()).as("Vert.x's meters come too").isNotNull();
      server.stopAndWait(Duration.ofSeconds(2));
      assertThat(registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName))
          .noneMatch(name -> name.startsWith("berth."));
    }
  }

  @Test
  void reachingTheConnectionCapIsAnOverloadEpisode() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    server = BerthServer.builder().bind("127.0.0.1:0")
        .connectionLimits(ConnectionLimits.defaults().withMaxConnections(1).withHeaderTimeout(Duration.ZERO))
        .metrics(BerthMetrics.into(registry))
        .handler(r -> r.response().end("ok")).build();
    java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(1);
    server.onOverload(notice -> told.countDown()); // told after the meters: the embedder's listener stays its own
    int port = Bind.started(server).bound().get(0).port();
    try (java.net.Socket holder = new java.net.Socket("127.0.0.1", port)) {
      assertThat(told.await(10, TimeUnit.SECONDS)).as("the cap line").isTrue();
      assertThat(registry.get("berth.overload.active").tag("kind", "cap").gauge().value()).isEqualTo(1);
      assertThat(registry.get("berth.overload.episodes").tag("kind", "cap").counter().count()).isEqualTo(1);
      assertThat(registry.get("berth.connections.max").gauge().value()).isEqualTo(1);
    }
  }

  @Test
  void overloadEpisodesAndShedConnectionsFollowTheOverloadLines() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BerthMeters meters = new BerthMeters(registry);
    meters.overload(new OverloadNotice("shed", "closed", false, 1, 1, 5, 10));
    meters.overload(new OverloadNotice("shed", "still", false, 7, 8, 5, 10));
    meters.overload(new OverloadNotice("shed", "ended", true, 0, 8, 5, 10));
    meters.overload(new OverloadNotice("cap", "reached", false, 1, 1, 10, 10));
    assertThat(registry.get("berth.connections.shed").counter().count()).isEqualTo(8);
    assertThat(registry.get("berth.overload.episodes").tag("kind", "shed").counter().count()).isEqualTo(1);
    assertThat(registry.get("berth.overload.episodes").tag("kind", "cap").counter().count()).isEqualTo(1);
  }

  /** The whole text, whatever its transfer coding (the scrape handler streams it chunked). */
  static String scrape(int port) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    return response.body();
  }

  /** promtool, from Debian's prometheus package, as a scraper's parser would judge the text. */
  static void promtoolAccepts(String text, Path dir) throws Exception {
    boolean installed = System.getenv("PATH") != null && List.of(System.getenv("PATH").split(File.pathSeparator)).stream()
        .anyMatch(p -> Files.isExecutable(Path.of(p, "promtool")));
    assumeTrue(installed, "promtool is not installed (Debian: apt-get install prometheus); the exposition check is skipped");
    Path file = Files.writeString(dir.resolve("metrics.txt"), text, StandardCharsets.UTF_8);
    Process check = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
        .redirectErrorStream(true).start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as("promtool check metrics said:%n%s", out).isZero();
  }
}
