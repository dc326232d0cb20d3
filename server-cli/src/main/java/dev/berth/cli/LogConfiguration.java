package dev.berth.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * berth's log4j configuration, one per format: every line on stderr, as text
 * ({@code berth: message}) or as one ECS JSON object per line (log4j's JSON template layout),
 * so that stdout stays for a command's own output. The levels are declared once, in
 * {@link #levels}: log4j gets them from here, and {@link LazyLog4j} answers from the same map
 * before log4j-core has started. A configuration the user names with
 * {@code -Dlog4j2.configurationFile} replaces all of it.
 */
final class LogConfiguration {

  /** The logger for everything berth tells a human. */
  static final String HUMAN = "berth";

  /** What the text format puts before each message. */
  static final String TEXT_PREFIX = "berth: ";

  private LogConfiguration() {}

  /** Whether the user named a log4j configuration of their own (then it is the only one). */
  static boolean userFile() {
    return System.getProperty("log4j2.configurationFile") != null || System.getProperty("log4j.configurationFile") != null;
  }

  /** Logger name (a prefix of names, "" for the root) to its level. */
  static Map<String, Level> levels(boolean verbose) {
    Map<String, Level> levels = new LinkedHashMap<>();
    levels.put("", Level.WARN);
    levels.put(HUMAN, Level.INFO);
    levels.put("dev.berth", verbose ? Level.DEBUG : Level.INFO);
    // An accept that fails (EMFILE) reaches the tail of the listening channel's pipeline, where
    // Netty warns with a stack trace; server-core's ConnectionCap takes it first and says one
    // rate-limited line instead. Shown again with --verbose.
    levels.put("io.netty.channel.DefaultChannelPipeline", verbose ? Level.WARN : Level.ERROR);
    // Vert.x's blocked-thread checker warns when an event-loop task runs over 2 s of wall time,
    // which on a machine with no free core is any task: a failing start printed it before its one
    // line. Not an application bug; shown with --verbose. StarvedFailureProcessTest.
    levels.put("io.vertx.core.impl.BlockedThreadChecker", verbose ? Level.WARN : Level.OFF);
    // Vert.x 5.0.7's Micrometer metrics register an HTTP server's active-connections gauge once per
    // server instance; Micrometer warns at the repeat although Vert.x adds every instance into the
    // one value it reads (LongGauges): right figures, nothing to act on.
    levels.put("io.micrometer.core.instrument.MeterRegistry", verbose ? Level.WARN : Level.ERROR);
    return levels;
  }

  /** As log4j resolves it: the level of the nearest configured ancestor, else the root's. */
  static Level levelOf(Map<String, Level> levels, String logger) {
    for (String name = logger; ; name = name.substring(0, name.lastIndexOf('.'))) {
      Level level = levels.get(name);
      if (level != null) {
        return level;
      }
      if (name.lastIndexOf('.') < 0) {
        return levels.get("");
      }
    }
  }

  static Configuration of(LogFormat format, boolean verbose) {
    ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
    b.setConfigurationName("berth-" + format.name().toLowerCase(java.util.Locale.ROOT) + (verbose ? "-verbose" : ""));
    b.setStatusLevel(Level.ERROR);
    AppenderComponentBuilder stderr = b.newAppender("stderr", "Console")
        .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR).addAttribute("follow", true);
    if (format == LogFormat.JSON) {
      stderr.add(b.newLayout("JsonTemplateLayout").addAttribute("eventTemplateUri", "classpath:EcsLayout.json")
          .addComponent(b.newComponent("EventTemplateAdditionalField").addAttribute("key", "process.pid")
              .addAttribute("value", Long.toString(ProcessHandle.current().pid())).addAttribute("format", "JSON")));
    } else {
      // Throwables reach the log only with --verbose (callers pass none otherwise).
      stderr.add(b.newLayout("PatternLayout").addAttribute("pattern", TEXT_PREFIX + "%msg%n%throwable"));
    }
    b.add(stderr);
    levels(verbose).forEach((name, level) -> {
      if (name.isEmpty()) {
        b.add(b.newRootLogger(level).add(b.newAppenderRef("stderr")));
      } else {
        b.add(b.newLogger(name, level));
      }
    });
    return b.build(false);
  }
}
