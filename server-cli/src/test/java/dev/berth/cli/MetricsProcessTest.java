package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Await;
import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth serve --metrics}: a real Prometheus (Debian's package), started here on loopback with a generated
 * configuration, scrapes the endpoint, and its query API sees the target up and exactly the requests sent;
 * promtool accepts the text; a busy metrics port fails the whole start with 75.
 */
class MetricsProcessTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final int REQUESTS = 7;
  private static final Duration SCRAPED = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void prometheusScrapesTheEndpointAndCountsExactlyTheRequestsSent() throws Exception {
    assumeTrue(onPath("prometheus") && onPath("promtool"),
        "prometheus/promtool are not installed (Debian: apt-get install prometheus); the scrape test is skipped");
    Path report = dir.resolve("report.json");
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0", "--metrics", "127.0.0.1:0", "--report", report.toString())
        .awaitReady(Berth.START)) {
      // Ready at the first "listening on" line; the metrics line comes after every endpoint's.
      berth.awaitOutput(Pattern.compile("berth: metrics at "), Berth.START);
      List<Integer> ports = Berth.listeningPorts(berth);
      assertThat(ports).hasSize(2);
      int app = ports.get(0);
      int metrics = ports.get(1);
      JsonObject json = new JsonObject(Files.readString(report));
      assertThat(json.getJsonObject("metrics").getString("url")).isEqualTo("http://127.0.0.1:" + metrics);
      assertThat(json.getJsonArray("endpoints")).hasSize(2);

      for (int i = 0; i < REQUESTS; i++) {
        // POST: Prometheus's own scrapes are GETs, so the count below is the test's alone.
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app + "/health"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(text).contains("berth_build_info{", "vertx_http_server_requests_total{code=\"200\",method=\"POST\"} 7.0");
      promtool(List.of("check", "metrics"), text);

      try (Prometheus prometheus = Prometheus.start(dir, metrics)) {
        assertThat(prometheus.awaitValue("up{job=\"berth\"}", 1)).as("up").isEqualTo(1);
        assertThat(prometheus.awaitValue("sum(vertx_http_server_requests_total{method=\"POST\"})", REQUESTS))
            .as("requests counted by Prometheus").isEqualTo(REQUESTS);
        assertThat(prometheus.awaitValue("count(berth_connections_max > 0)", 1)).isEqualTo(1);
      }
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(berth.stderr()).contains("berth: metrics at http://127.0.0.1:" + metrics + "/metrics");
    }
  }

  @Test
  void everyLineOfAMetricsRunIsBerthsOwn() throws Exception {
    // Micrometer logs through java.util.logging; before log4j's bridge took it, it printed a two-line
    // JUL warning ("This Gauge has been already registered") on every --metrics start.
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0", "--metrics", "127.0.0.1:0").awaitReady(Berth.START)) {
      berth.awaitOutput(Pattern.compile("berth: metrics at "), Berth.START);
      List<Integer> ports = Berth.listeningPorts(berth);
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(0) + "/")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(1) + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(text).contains("vertx_http_server_requests_total{");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(berth.stderrLines()).as("stderr of a --metrics run").allSatisfy(line -> assertThat(line).startsWith("berth: "));
    }
  }

  @Test
  void aBusyMetricsPortIsExit75AndNothingIsServed() throws Exception {
    Path report = dir.resolve("report.json");
    try (ForeignPortHolder holder = ForeignPortHolder.hold("127.0.0.1", 0)) {
      ServerProcess berth = Berth.run("serve", "--bind", "127.0.0.1:0", "--metrics", holder.endpoint(), "--report", report.toString());
      assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(75);
      assertThat(berth.stderrLines()).singleElement().asString()
          .startsWith("berth: cannot listen on " + holder.endpoint() + ": address already in use");
      assertThat(berth.stderr()).doesNotContain("listening on", "metrics at");
      JsonObject json = new JsonObject(Files.readString(report));
      assertThat(json.getBoolean("ok")).isFalse();
      assertThat(json.getJsonObject("metrics").getString("endpoint")).isEqualTo(holder.endpoint());
      assertThat(json.getJsonObject("metrics").containsKey("url")).isFalse();
      assertThat(json.getJsonArray("endpoints").getJsonObject(1).getString("reason")).isEqualTo("address_in_use");
    }
  }

  @Test
  void aMetricsEndpointThatClashesWithABindIsAUsageError() {
    ServerProcess same = Berth.run("serve", "--bind", "127.0.0.1:8", "--metrics", "127.0.0.1:8");
    assertThat(same.awaitExit(Berth.EXIT)).isEqualTo(64);
    assertThat(same.stderrLines()).singleElement().asString().startsWith("berth: --metrics: ").contains("127.0.0.1:8");
    ServerProcess inherited = Berth.run("serve", "--bind", "127.0.0.1:0", "--metrics", "fd:3");
    assertThat(inherited.awaitExit(Berth.EXIT)).isEqualTo(64);
    assertThat(inherited.stderrLines()).singleElement().asString().contains("invalid --metrics 'fd:3'");
  }

  static boolean onPath(String tool) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .anyMatch(p -> !p.isEmpty() && Files.isExecutable(Path.of(p, tool)));
  }

  static String promtool(List<String> args, String stdin) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("promtool"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool %s said:%n%s", args, out).isZero();
    return out;
  }

  /** A Prometheus server on a loopback port the kernel picks, scraping one target every second. */
  static final class Prometheus implements AutoCloseable {
    private static final Pattern LISTEN = Pattern.compile("127\\.0\\.0\\.1:(\\d+)\\s.*pid=(\\d+),");

    private final ServerProcess process;
    private final int port;

    private Prometheus(ServerProcess process, int port) {
      this.process = process;
      this.port = port;
    }

    static Prometheus start(Path dir, int target) throws Exception {
      Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
          "global:", "  scrape_interval: 1s", "  scrape_timeout: 1s",
          "scrape_configs:", "  - job_name: berth", "    static_configs:", "      - targets: ['127.0.0.1:" + target + "']", ""));
      Files.createDirectories(dir.resolve("tsdb"));
      ServerProcess p = ServerProcess.command("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
              "--web.listen-address=127.0.0.1:0")
          .readyWhenStderrMatches("Server is ready to receive web requests").start().awaitReady(Duration.ofSeconds(60));
      return new Prometheus(p, listeningPort(p.pid()));
    }

    /** Prometheus logs the port it was given (0), so the kernel is asked which one it got. */
    private static int listeningPort(long pid) throws Exception {
      Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
      String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      ss.waitFor(10, TimeUnit.SECONDS);
      for (String line : out.split("\n")) {
        Matcher m = LISTEN.matcher(line);
        if (m.find() && Long.parseLong(m.group(2)) == pid) {
          return Integer.parseInt(m.group(1));
        }
      }
      throw new AssertionError("prometheus (pid " + pid + ") listens on no loopback port; ss said:\n" + out);
    }

    /** The query's single value once it equals {@code expected}; fails with prometheus's last answer when {@link #SCRAPED} passes. */
    double awaitValue(String query, double expected) {
      URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
      return Await.result(query + " = " + expected, SCRAPED, process, () -> {
        String answer = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        JsonArray result = new JsonObject(answer).getJsonObject("data").getJsonArray("result");
        assertThat(result.size()).as("%s: %s", query, answer).isEqualTo(1);
        double value = Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
        assertThat(value).as("%s: %s", query, answer).isEqualTo(expected);
        return value;
      });
    }

    @Override
    public void close() {
      process.close();
    }
  }
}
