package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Await;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --access-log}: one line per request, to a file (reopened on SIGUSR1) or stderr, combined or JSON. */
class AccessLogProcessTest {

  /** Apache/nginx combined: host - - [time] "request" status bytes "referer" "user-agent". */
  private static final String COMBINED =
      "127\\.0\\.0\\.1 - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\] \"%s\" %d %s \"%s\" \"%s\"";

  @TempDir
  Path dir;

  @Test
  void aFileGetsCombinedLinesAndIsReopenedOnSigusr1() throws Exception {
    StaticTree tree = StaticTree.create(dir.resolve("site"));
    Path log = dir.resolve("access.log");
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0", "--static", tree.root.toString(), "--access-log", log.toString())) {
      berth.awaitReady(Berth.START);
      int port = Berth.listeningPorts(berth).get(0);
      StaticTree.send(port, "GET", "/hello.txt", "Referer: http://example.invalid/x", "User-Agent: test \"agent\"");
      StaticTree.send(port, "GET", "/missing?q=1");
      List<String> lines = awaitLines(() -> read(log), 2);
      assertThat(lines.get(0)).matches(String.format(COMBINED, "GET /hello\\.txt HTTP/1\\.1", 200,
          Integer.toString(StaticTree.HELLO.length()), "http://example\\.invalid/x", "test \\\\x22agent\\\\x22"));
      assertThat(lines.get(1)).matches(String.format(COMBINED, "GET /missing\\?q=1 HTTP/1\\.1", 404, "\\d+", "-", "-"));

      Path rotated = dir.resolve("access.log.1");
      Files.move(log, rotated);
      berth.signal(Signal.USR1);
      // Lines may go on to the renamed file until the signal is handled; wait for the new file.
      Await.until("a new " + log, Duration.ofSeconds(20), berth, () -> {
        StaticTree.send(port, "GET", "/after-rotation");
        return Files.exists(log);
      });
      StaticTree.send(port, "GET", "/after-rotation");
      List<String> fresh = awaitLines(() -> read(log), 1);
      assertThat(fresh).as("the new file holds only new requests").allMatch(l -> l.contains("/after-rotation"));
      assertThat(read(rotated)).as("the rotated file keeps the old lines").hasSizeGreaterThanOrEqualTo(2)
          .first().asString().contains("/hello.txt");
      assertThat(berth.isAlive()).as("SIGUSR1 does not end berth: " + berth.stderr()).isTrue();
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void jsonLinesGoToStderrUnderLogFormatJson() throws Exception {
    try (ServerProcess berth = ServerProcess.command(Berth.command("serve", "--bind", "127.0.0.1:0", "--log-format", "json", "--access-log"))
        .readyWhenStderrMatches("listening on http").start()) {
      berth.awaitReady(Berth.START);
      JsonObject ready = berth.stderrLines().stream().filter(l -> l.contains("listening on")).map(JsonObject::new).findFirst().orElseThrow();
      int port = Integer.parseInt(ready.getString("message").replaceAll(".*:(\\d+)$", "$1"));
      StaticTree.send(port, "GET", "/health", "User-Agent: probe");
      List<String> access = awaitLines(() -> berth.stderrLines().stream().filter(l -> l.contains("berth.access")).toList(), 1);
      JsonObject line = new JsonObject(access.get(0));
      assertThat(line.getString("http.request.method")).isEqualTo("GET");
      assertThat(line.getString("url.original")).isEqualTo("/health");
      assertThat(line.getInteger("http.response.status_code")).isEqualTo(200);
      assertThat(line.getLong("http.response.body.bytes")).isPositive();
      assertThat(line.getString("user_agent.original")).isEqualTo("probe");
      assertThat(line.getString("client.address")).isEqualTo("127.0.0.1");
      assertThat(line.getString("@timestamp")).isNotBlank();
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void offByDefault() throws Exception {
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0")) {
      berth.awaitReady(Berth.START);
      int port = Berth.listeningPorts(berth).get(0);
      assertThat(StaticTree.send(port, "GET", "/").status()).isEqualTo(200);
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(berth.stderr()).doesNotContain("GET /");
    }
  }

  @Test
  void anUnwritableLogIsRefusedBeforeBinding() {
    Path report = dir.resolve("r.json");
    ServerProcess p = Berth.run("serve", "--bind", "127.0.0.1:0", "--report", report.toString(),
        "--access-log", dir.resolve("no-dir/access.log").toString());
    assertThat(p.awaitExit(Berth.EXIT)).as(p.stderr()).isEqualTo(78);
    assertThat(p.stderrLines()).singleElement().asString().startsWith("berth: --access-log ").contains("does not exist");
    assertThat(report).doesNotExist();
  }

  private static List<String> read(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> awaitLines(Supplier<List<String>> lines, int count) {
    return Await.result(count + " access-log lines", Duration.ofSeconds(20), () -> {
      List<String> now = lines.get();
      return now.size() >= count ? now : null;
    });
  }
}
