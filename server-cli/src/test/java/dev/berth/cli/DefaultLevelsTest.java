package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * DefaultLevels answers "is this loggable?" without starting log4j; these answers must be the
 * ones berth's default text configuration (log4j2.properties in the jar) gives, or a line
 * core logs would be dropped or shown depending on whether log4j had started. The file is
 * read here as log4j reads it: a logger's level is that of its nearest configured ancestor.
 * Isolated: berth's logging set-up is JVM-wide, and other tests' command lines reset it.
 */
@Isolated
class DefaultLevelsTest {

  private static final List<String> LOGGERS = List.of("berth", "dev.berth", "dev.berth.server.internal.engine.ServerEngine",
      "dev.berthx", "java.lang.Runtime", "io.netty.channel.DefaultChannelPipeline", "io.vertx.core.impl.VertxImpl");

  @Test
  void theDefaultsAnswerAsLog4j2PropertiesSays() throws IOException {
    Properties file = new Properties();
    // berth's own file, next to its classes: the test class path may hold another log4j2.properties
    URL own = new URL(DefaultLevels.class.getProtectionDomain().getCodeSource().getLocation(), "log4j2.properties");
    try (InputStream in = own.openStream()) {
      file.load(in);
    }
    for (String name : LOGGERS) {
      String threshold = levelIn(file, name);
      for (System.Logger.Level level : List.of(System.Logger.Level.TRACE, System.Logger.Level.DEBUG,
          System.Logger.Level.INFO, System.Logger.Level.WARNING, System.Logger.Level.ERROR)) {
        assertThat(DefaultLevels.loggable(name, level)).as("%s at %s (file: %s)", name, level, threshold)
            .isEqualTo(level.getSeverity() >= severity(threshold));
      }
    }
  }

  @Test
  void nettyAndVertxLoggersAnswerFromTheDefaultsAndFollowLog4jOnceConfigured() {
    LogSetup.reset();
    LazyLoggers.install();
    var netty = io.netty.util.internal.logging.InternalLoggerFactory.getInstance("io.netty.util.ResourceLeakDetector");
    var pipeline = io.netty.util.internal.logging.InternalLoggerFactory.getInstance("io.netty.channel.DefaultChannelPipeline");
    var vertx = new LazyLoggers.ForVertx().createDelegate("io.vertx.core.impl.VertxImpl");
    assertThat(List.of(netty.isDebugEnabled(), netty.isInfoEnabled(), netty.isWarnEnabled())).containsExactly(false, false, true);
    assertThat(List.of(pipeline.isWarnEnabled(), pipeline.isErrorEnabled())).containsExactly(false, true);
    assertThat(List.of(vertx.isDebugEnabled(), vertx.isWarnEnabled())).containsExactly(false, true);
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      netty.warn("accepted {} of {}", 3, 4);
      netty.debug("not shown {}", 1);
      vertx.warn("from Vert.x");
    } finally {
      System.setErr(stderr);
    }
    // The format log4j2.properties gives ("berth: %msg%n"), written without starting log4j.
    assertThat(said.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
        .containsExactly("berth: accepted 3 of 4", "berth: from Vert.x");
    try {
      LogSetup.apply(LogFormat.TEXT, true); // --verbose: log4j configured, dev.berth at DEBUG, Netty's tail at WARN
      assertThat(pipeline.isWarnEnabled()).isTrue();
      assertThat(netty.isDebugEnabled()).isFalse();
    } finally {
      LogSetup.reset();
    }
  }

  /** The level log4j2.properties gives a logger: its own or its nearest configured ancestor's, else the root's. */
  private static String levelIn(Properties file, String logger) {
    String best = null;
    int bestLength = -1;
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith("logger.") && key.endsWith(".name")) {
        String configured = file.getProperty(key).trim();
        if ((logger.equals(configured) || logger.startsWith(configured + ".")) && configured.length() > bestLength) {
          best = file.getProperty(key.substring(0, key.length() - ".name".length()) + ".level").trim();
          bestLength = configured.length();
        }
      }
    }
    return best != null ? best : file.getProperty("rootLogger.level").trim();
  }

  private static int severity(String log4jLevel) {
    return switch (log4jLevel.toUpperCase(Locale.ROOT)) {
      case "TRACE", "ALL" -> System.Logger.Level.TRACE.getSeverity();
      case "DEBUG" -> System.Logger.Level.DEBUG.getSeverity();
      case "INFO" -> System.Logger.Level.INFO.getSeverity();
      case "WARN" -> System.Logger.Level.WARNING.getSeverity();
      case "ERROR", "FATAL" -> System.Logger.Level.ERROR.getSeverity();
      default -> Integer.MAX_VALUE;
    };
  }

  @Test
  void theDefaultsInThisJar() {
    assertThat(DefaultLevels.loggable("java.lang.Runtime", System.Logger.Level.DEBUG)).isFalse();
    assertThat(DefaultLevels.loggable("dev.berth.server.internal.engine.ServerEngine", System.Logger.Level.INFO)).isTrue();
    assertThat(DefaultLevels.loggable("dev.berthx", System.Logger.Level.INFO)).as("not a child of dev.berth").isFalse();
    assertThat(DefaultLevels.loggable("io.netty.channel.DefaultChannelPipeline", System.Logger.Level.WARNING)).isFalse();
    assertThat(DefaultLevels.loggable("dev.berth.server.internal.limits.OverloadLog", System.Logger.Level.ERROR)).as("off").isFalse();
  }

  @Test
  void theJdksExitQuestionIsNo() {
    LogSetup.reset();
    System.Logger runtime = new Log4jSystemLoggerFinder().getLogger("java.lang.Runtime", Object.class.getModule());
    assertThat(runtime.isLoggable(System.Logger.Level.DEBUG)).isFalse();
    assertThat(runtime.isLoggable(System.Logger.Level.WARNING)).isTrue();
  }

  @Test
  void onceBerthConfiguresLoggingTheDefaultsAreNoLongerInForce() {
    try {
      LogSetup.apply(LogFormat.JSON, false);
      assertThat(DefaultLevels.inForce()).as("after --log-format json, log4j answers").isFalse();
    } finally {
      LogSetup.reset();
    }
    assertThat(DefaultLevels.inForce()).isTrue();
  }
}
