package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.RawHttp;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A default start (text format, not verbose) serves and stops without ever starting log4j-core:
 * Netty's, Vert.x's and core's questions about their levels reach log4j-api through their log4j
 * bridges and are answered by {@link LazyLog4j} from the default configuration's levels. Seen
 * from the child JVM's own class-loading log; starting log4j-core there would add about 0.27 s
 * of CPU to every launch (docs/performance.md).
 */
class LazyLog4jProcessTest {

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
      p.signal(Signal.TERM);
      p.assertExitCode(0, Berth.EXIT);
      String loaded = Files.readString(classes);
      assertThat(loaded).as("Netty and Vert.x ran, and logged through log4j's API")
          .contains("io.netty.channel.").contains("io.vertx.core.")
          .contains("io.netty.util.internal.logging.Log4J2Logger ").contains("io.vertx.core.logging.Log4j2LogDelegate ");
      assertThat(loaded).as("log4j-core never started").doesNotContain("org.apache.logging.log4j.core.LoggerContext ");
      assertThat(p.stderr()).contains("berth: listening on http://127.0.0.1:" + port).contains("berth: stopped");
    }
  }
}
