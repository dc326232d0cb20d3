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
 * A default start (text format, not verbose) serves and stops without ever starting log4j:
 * Netty, Vert.x and core log through java.util.logging, whose levels {@link JulRoute} set from
 * the default configuration, so their questions about levels are answered by JUL and no line of
 * theirs is published; neither log4j-api's LogManager (about 37 ms of a start) nor log4j-core
 * (about 0.27 s of CPU; docs/performance.md) starts. Seen from the child JVM's own class-loading
 * log.
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
      assertThat(loaded).as("Netty, Vert.x and core ran, and logged through java.util.logging")
          .contains("io.netty.channel.").contains("io.vertx.core.")
          .contains("io.netty.util.internal.logging.JdkLogger ").contains("io.vertx.core.logging.JULLogDelegate ")
          .contains("sun.util.logging.internal.LoggingProviderImpl$JULWrapper ").contains("dev.berth.cli.JulRoute$Bridge ");
      assertThat(loaded).as("log4j never started")
          .doesNotContain("org.apache.logging.log4j.LogManager ")
          .doesNotContain("org.apache.logging.log4j.jul.Log4jBridgeHandler ")
          .doesNotContain("org.apache.logging.log4j.core.LoggerContext ");
      assertThat(p.stderr()).contains("berth: listening on http://127.0.0.1:" + port).contains("berth: stopped");
    }
  }
}
