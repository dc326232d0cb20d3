package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Await;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --app} with {@code --static}: the application's routes win; files are the fallback; access log sees both. */
class StaticWithAppProcessTest {

  @TempDir
  Path dir;

  @Test
  void theRoutesWinAndFilesAreTheFallback() throws Exception {
    StaticTree tree = StaticTree.create(dir.resolve("site"));
    Path log = dir.resolve("access.log");
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0", "--app", "dev.berth.cli.apps.RouterApplication",
        "--static", tree.root.toString(), "--access-log", log.toString())) {
      berth.awaitReady(Berth.START);
      int port = Berth.listeningPorts(berth).get(0);
      assertThat(StaticTree.send(port, "GET", "/api/hello").body()).isEqualTo("hello from the app\n");
      assertThat(StaticTree.send(port, "GET", "/hello.txt").body()).isEqualTo("the app wins\n");
      assertThat(StaticTree.send(port, "GET", "/app.js").body()).contains("console.log");
      assertThat(StaticTree.send(port, "POST", "/api/echo", "Content-Length: 0").body()).isEqualTo("posted\n");
      assertThat(StaticTree.send(port, "GET", "/missing").status()).isEqualTo(404);
      StaticTree.Answer traversal = StaticTree.send(port, "GET", "/%2e%2e/outside/secret.txt");
      assertThat(traversal.status()).isIn(400, 404);
      assertThat(traversal.text()).doesNotContain(StaticTree.SECRET);
      Await.until("6 access-log lines", Duration.ofSeconds(20), berth, () -> Files.readAllLines(log).size() >= 6);
      assertThat(Files.readAllLines(log)).hasSize(6).anyMatch(l -> l.contains("\"GET /api/hello HTTP/1.1\" 200"))
          .anyMatch(l -> l.contains("\"GET /app.js HTTP/1.1\" 200"));
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void aHandlerThatIsNoRouterCannotHaveAFallbackAndSaysSo() throws Exception {
    Files.createDirectories(dir.resolve("site"));
    ServerProcess berth = Berth.run("serve", "--bind", "127.0.0.1:0", "--app", "dev.berth.cli.apps.SlowApplication",
        "--static", dir.resolve("site").toString());
    assertThat(berth.awaitExit(Berth.EXIT)).as(berth.stderr()).isEqualTo(70);
    assertThat(berth.stderrLines()).singleElement().asString().contains("needs the application's requestHandler to be a vertx-web Router");
  }
}
