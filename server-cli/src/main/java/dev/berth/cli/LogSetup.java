package dev.berth.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Points all logging at stderr, as text ({@code berth: message}) or as one JSON object per
 * line (log4j's JSON template layout, ECS fields), so that stdout stays reserved for a
 * command's own output. A log4j configuration the user names with
 * {@code -Dlog4j2.configurationFile} wins.
 */
final class LogSetup {

  /** The logger for everything berth tells a human. */
  static final String HUMAN = "berth";

  private LogSetup() {}

  /** Whether this JVM's log4j was reconfigured away from the text format of log4j2.properties. */
  private static boolean reconfigured;

  /** Back to the default (text, not verbose), as each run of the command line starts. */
  static void reset() {
    apply(LogFormat.TEXT, false);
  }

  static synchronized void apply(LogFormat format, boolean verbose) {
    if (System.getProperty("log4j2.configurationFile") != null || System.getProperty("log4j.configurationFile") != null) {
      Say.useLogging(true);
      return;
    }
    if (format == LogFormat.TEXT && !verbose) {
      // log4j2.properties in this jar says the same whenever log4j starts on its own, so the
      // text format costs nothing until something logs; an earlier run in this JVM (a test)
      // may have replaced it, though.
      Say.useLogging(false);
      if (reconfigured) {
        configure(format, false);
      }
      return;
    }
    Say.useLogging(true);
    reconfigured = true;
    configure(format, verbose);
  }

  private static void configure(LogFormat format, boolean verbose) {
    ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
    b.setConfigurationName("berth-" + format.name().toLowerCase(java.util.Locale.ROOT));
    b.setStatusLevel(Level.ERROR);
    AppenderComponentBuilder stderr = b.newAppender("stderr", "Console")
        .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR);
    if (format == LogFormat.JSON) {
      stderr.add(b.newLayout("JsonTemplateLayout").addAttribute("eventTemplateUri", "classpath:EcsLayout.json"));
    } else {
      // Throwables reach the log only with --verbose (callers pass none otherwise).
      stderr.add(b.newLayout("PatternLayout").addAttribute("pattern", "berth: %msg%n%throwable"));
    }
    b.add(stderr);
    b.add(b.newRootLogger(Level.WARN).add(b.newAppenderRef("stderr")));
    b.add(b.newLogger(HUMAN, Level.INFO).add(b.newAppenderRef("stderr")).addAttribute("additivity", false));
    b.add(b.newLogger("dev.berth", verbose ? Level.DEBUG : Level.INFO).add(b.newAppenderRef("stderr")).addAttribute("additivity", false));
    // Netty's "exceptionCaught() ... reached at the tail of the pipeline" warning carries a
    // stack trace; berth's own overload lines say what happened (see log4j2.properties).
    b.add(b.newLogger("io.netty.channel.DefaultChannelPipeline", verbose ? Level.WARN : Level.ERROR));
    b.add(b.newLogger(OverloadRelay.CORE_LOGGER, Level.OFF)); // said by OverloadRelay, with counts
    // Vert.x's blocked-thread checker: on a starved machine it fires on any task (see log4j2.properties).
    b.add(b.newLogger("io.vertx.core.impl.BlockedThreadChecker", verbose ? Level.WARN : Level.OFF));
    Configurator.reconfigure(b.build());
  }
}
