package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.RawHttp;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One logging route: berth's own lines reach log4j directly, server-core's System.Logger, Netty
 * and Vert.x through java.util.logging and log4j's JUL bridge (JulRoute), so a level changed in
 * a log4j configuration takes effect on each, and so do the levels of berth's built-in
 * configurations. The child's class path holds SLF4J's API without a provider (a test
 * dependency), as an application on BERTH_CLASSPATH may: Netty and Vert.x would pick it on their
 * own and lose their lines.
 */
class LoggingRouteProcessTest {

  /** Logger name prefixes, one per path into log4j. */
  private static final List<String> PATHS = List.of("berth ", "dev.berth.server.", "io.netty.", "io.vertx.");

  @TempDir
  Path dir;

  @Test
  void aLevelChangedInTheConfigurationTakesEffectOnEveryPath() throws Exception {
    assertThat(Class.forName("org.slf4j.LoggerFactory")).as("SLF4J's API on the child's class path").isNotNull();
    String everything = serve(config("debug", "debug"));
    for (String path : PATHS) {
      assertThat(everything.lines().filter(l -> l.startsWith(path))).as("lines of %s at debug in %s", path, everything).isNotEmpty();
    }
    String quiet = serve(config("debug", "error"));
    for (String path : PATHS) {
      assertThat(quiet.lines().filter(l -> l.startsWith(path))).as("lines of %s at error in %s", path, quiet).isEmpty();
    }
  }

  /**
   * The built-in configurations' levels reach JUL too: server-core's "bound" line (DEBUG, through
   * System.Logger and JUL) shows with --verbose, as text or with its own logger name in JSON,
   * and not without it (the lazy default, log4j-core not started).
   */
  @Test
  void theBuiltInConfigurationsSetTheLibrariesLevels() throws Exception {
    String plain = serve(List.of());
    assertThat(plain.lines()).as(plain).allMatch(l -> l.startsWith("berth: ")).noneMatch(l -> l.contains(": bound "));
    String verbose = serve(List.of("--verbose"));
    assertThat(verbose.lines()).as(verbose).allMatch(l -> l.startsWith("berth: ")).anyMatch(l -> l.contains(": bound "));
    String json = serve(List.of("--verbose", "--log-format", "json"));
    assertThat(json.lines().map(JsonObject::new).filter(o -> o.getString("message").contains(": bound ")))
        .as(json).singleElement().satisfies(o -> {
          assertThat(o.getString("log.logger")).startsWith("dev.berth.server.");
          assertThat(o.getString("log.level")).isEqualTo("DEBUG");
        });
  }

  /** A log4j configuration: the root at {@code root}, each of the four paths at {@code level}. */
  private Path config(String root, String level) throws Exception {
    StringBuilder text = new StringBuilder("""
        appender.err.type = Console
        appender.err.name = err
        appender.err.target = SYSTEM_ERR
        appender.err.layout.type = PatternLayout
        appender.err.layout.pattern = %c %p %m%n
        rootLogger.appenderRef.err.ref = err
        """).append("rootLogger.level = ").append(root).append('\n');
    int i = 0;
    for (String name : List.of("berth", "dev.berth.server", "io.netty", "io.vertx")) {
      text.append("logger.p").append(i).append(".name = ").append(name).append('\n')
          .append("logger.p").append(i++).append(".level = ").append(level).append('\n');
    }
    Path file = Files.createTempFile(dir, "log4j2-", ".properties");
    Files.writeString(file, text);
    return file;
  }

  /** Serves one request with {@code config} as the log4j configuration and stops; the child's stderr. */
  private String serve(Path config) throws Exception {
    return serve(Berth.java().jvmArg("-Dlog4j2.configurationFile=" + config), List.of());
  }

  /** The same with berth's own configuration and these options. */
  private String serve(List<String> options) throws Exception {
    return serve(Berth.java(), options);
  }

  private String serve(JavaCommand.Builder java, List<String> options) throws Exception {
    Path report = Files.createTempFile(dir, "report-", ".json");
    Files.delete(report);
    List<String> cmd = java.args("serve", "--bind", "127.0.0.1:0", "--report", report.toString()).args(options.toArray(String[]::new)).build();
    try (ServerProcess p = ServerProcess.command(cmd).readyWhenFileExists(report).start().awaitReady(Berth.START)) {
      int port = new JsonObject(Files.readString(report)).getJsonArray("endpoints").getJsonObject(0).getInteger("port");
      assertThat(RawHttp.get(port, "/health")).startsWith("HTTP/1.1 200");
      p.signal(Signal.TERM);
      p.assertExitCode(0, Berth.EXIT);
      return p.stderr();
    }
  }
}
