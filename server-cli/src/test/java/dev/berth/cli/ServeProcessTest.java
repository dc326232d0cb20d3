package dev.berth.cli;


import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Await;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth serve} and {@code berth check} as a supervisor sees them: a child process, its lines, its status. */
class ServeProcessTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  @Test
  void servesOnPortZeroSaysWhereWritesTheReportAndExitsZeroOnSigterm() throws Exception {
    Path report = dir.resolve("report.json");
    Path socket = dir.resolve("app.sock");
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0", "--bind", "127.0.0.1:0", "--bind", "unix:" + socket,
        "--report", report.toString())) {
      berth.awaitReady(Berth.START);
      assertThat(report).as("report written before readiness is announced").exists();
      JsonObject json = new JsonObject(Files.readString(report));
      assertThat(json.getString("schema")).isEqualTo("berth.bind-report/1");
      assertThat(json.getBoolean("ok")).isTrue();
      JsonArray endpoints = json.getJsonArray("endpoints");
      int first = endpoints.getJsonObject(0).getInteger("port");
      int second = endpoints.getJsonObject(1).getInteger("port");
      assertThat(first).isPositive().isNotEqualTo(second);

      awaitLines(berth, 3);
      assertThat(berth.stderrLines()).contains(
          "berth: listening on http://127.0.0.1:" + first,
          "berth: listening on http://127.0.0.1:" + second,
          "berth: listening on unix:" + socket);
      assertThat(berth.stdout()).isEmpty();

      HttpResponse<String> health = get(first, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("UP");
      // RFC 9110 6.6.1: an origin server with a clock sends Date, in IMF-fixdate.
      assertThat(health.headers().firstValue("date")).as("the Date header")
          .hasValueSatisfying(date -> assertThat(HttpDates.parseSeconds(date)).isPositive());
      assertThat(get(second, "/").statusCode()).isEqualTo(200);
      assertThat(get(second, "/nope").statusCode()).isEqualTo(404);

      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(socket).as("our socket file is removed on a clean stop").doesNotExist();
    }
  }

  @Test
  void jsonLogFormatWritesOneJsonObjectPerLineAndInstancesShareThePort() throws Exception {
    try (ServerProcess berth = ServerProcess.command(Berth.command("serve", "--bind", "127.0.0.1:0", "--log-format", "json", "--instances", "2"))
        .readyWhenStderrMatches("listening on").start()) {
      berth.awaitReady(Berth.START);
      int port = Integer.parseInt(berth.stderr().replaceAll("(?s).*listening on http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
      for (int i = 0; i < 4; i++) {
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
      }
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      List<String> lines = berth.stderrLines();
      assertThat(lines).isNotEmpty();
      for (String line : lines) {
        assertThat(new JsonObject(line).getString("message")).isNotNull();
      }
      assertThat(lines).anySatisfy(l -> assertThat(new JsonObject(l).getString("message")).startsWith("listening on http://127.0.0.1:"));
    }
  }

  @Test
  void checkPrintsResultsOnStdoutAndExitsZeroWhenAllCanBind() throws IOException {
    Path report = dir.resolve("check.json");
    boolean ipv6 = Berth.ipv6Usable();
    ServerProcess check = ipv6
        ? Berth.run("check", "--bind", "127.0.0.1:0", "--bind", "[::1]:0", "--report", report.toString())
        : Berth.run("check", "--bind", "127.0.0.1:0", "--bind", "127.0.0.1:0", "--report", report.toString());
    assertThat(check.awaitExit(Berth.EXIT)).as(check.stderr()).isZero();
    assertThat(check.stdoutLines()).hasSize(2).allMatch(l -> l.startsWith("ok   "));
    if (ipv6) {
      assertThat(check.stdoutLines().get(1)).startsWith("ok   [::1]:0 can listen (http://[::1]:");
    }
    assertThat(new JsonObject(Files.readString(report)).getBoolean("ok")).isTrue();
  }

  @Test
  void theTransportIsNativeEpollByDefaultAndNioOnRequest() throws IOException {
    Path native_ = dir.resolve("native.json");
    Path nio = dir.resolve("nio.json");
    ServerProcess byDefault = Berth.run("check", "--bind", "127.0.0.1:0", "--report", native_.toString());
    ServerProcess jdk = Berth.run("check", "--bind", "127.0.0.1:0", "--no-native-transport", "--report", nio.toString());
    assertThat(byDefault.awaitExit(Berth.EXIT)).as(byDefault.stderr()).isZero();
    assertThat(jdk.awaitExit(Berth.EXIT)).as(jdk.stderr()).isZero();
    assertThat(new JsonObject(Files.readString(nio)).getString("transport")).isEqualTo("nio");
    org.junit.jupiter.api.Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(),
        () -> "native epoll unavailable here: " + io.netty.channel.epoll.Epoll.unavailabilityCause());
    assertThat(new JsonObject(Files.readString(native_)).getString("transport")).isEqualTo("epoll");
  }

  @Test
  void aBadCommandLineIsExit64WithOneLine() {
    ServerProcess berth = Berth.run("serve", "--bind", "127.0.0.1:70000");
    assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(64);
    assertThat(berth.stderrLines()).singleElement().asString()
        .startsWith("berth: ").contains("'127.0.0.1:70000'").contains("out of range");
    assertThat(berth.stdout()).isEmpty();
  }

  @Test
  void anApplicationThatFailsToStartIsExit70AndLeavesNothingListening() throws Exception {
    Path report = dir.resolve("app.json");
    ServerProcess berth = Berth.run("serve", "--bind", "127.0.0.1:0", "--report", report.toString(),
        "--app", "dev.berth.cli.apps.FailingStartApplication");
    assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(70);
    assertThat(berth.stderr()).contains("the application failed to start").contains("database unreachable")
        .doesNotContain("listening on").doesNotContain("\tat ");
    JsonObject json = new JsonObject(Files.readString(report));
    assertThat(json.getJsonObject("application").getBoolean("started")).isFalse();
  }

  @Test
  void anUnknownAppClassIsExit64() {
    ServerProcess berth = Berth.run("serve", "--app", "com.example.NoSuchApp");
    assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(64);
    assertThat(berth.stderrLines()).singleElement().asString().contains("com.example.NoSuchApp").contains("no such class");
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void awaitLines(ServerProcess p, int count) {
    Await.until(count + " 'listening on' lines", Berth.START, p, () -> Berth.listeningPorts(p).size()
        + p.stderrLines().stream().filter(l -> l.contains("listening on unix:")).count() >= count);
  }
}
