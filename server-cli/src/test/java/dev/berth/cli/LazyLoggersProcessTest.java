package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.RawHttp;
import dev.berth.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A default start (text format, not verbose) serves and stops without ever starting log4j:
 * Netty's and Vert.x's questions about their levels are answered by LazyLoggers, berth's own
 * lines go straight to stderr. Seen from the child JVM's own class-loading log; starting log4j
 * there again would add about 0.1 s to every launch (docs/performance.md).
 */
class LazyLoggersProcessTest {

  @TempDir
  Path dir;

  @Test
  void aDefaultStartServesAndStopsWithoutStartingLog4j() throws IOException {
    Path classes = dir.resolve("classes.log");
    List<String> cmd = Berth.java().jvmArg("-Xlog:class+load=info:file=" + classes)
        .args("serve", "--bind", "127.0.0.1:0").build();
    try (ServerProcess p = ServerProcess.command(cmd).readyWhenStderrMatches(Berth.READY).start().awaitReady(Berth.START)) {
      int port = Berth.listeningPorts(p).get(0);
      assertThat(RawHttp.get(port, "/health")).startsWith("HTTP/1.1 200");
      Berth.kill(p, "TERM");
      p.assertExitCode(0, Berth.EXIT);
      String loaded = Files.readString(classes);
      assertThat(loaded).as("Netty and Vert.x ran").contains("io.netty.channel.").contains("io.vertx.core.");
      assertThat(loaded).as("log4j never started").doesNotContain("org.apache.logging.log4j.core.LoggerContext ");
      assertThat(p.stderr()).contains("berth: listening on http://127.0.0.1:" + port).contains("berth: stopped");
    }
  }
}
