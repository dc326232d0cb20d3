package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Before log4j-core starts, {@link LazyLog4j} answers "is this level on?" from the default
 * configuration's levels; the answers must be the ones log4j-core gives once that same
 * configuration is started, or a line would be shown or dropped depending on whether log4j had
 * started. Isolated: the route's mode is JVM-wide, and other tests' command lines switch it.
 */
@Isolated
class LogLevelsTest {

  private static final List<String> LOGGERS = List.of("berth", "berth.x", "dev.berth", "dev.berth.server.internal.limits.FloodGuard",
      "dev.berthx", "dev", "java.lang.Runtime", "io.netty.channel.DefaultChannelPipeline", "io.netty.channel.DefaultChannelPipelineX",
      "io.netty.util.ResourceLeakDetector", "io.vertx.core.impl.VertxImpl", "dev.berth.server.internal.limits.OverloadLog", "");

  @Test
  void theLazyAnswersAreLog4jsAnswersForTheSameConfiguration() {
    LoggerContext log4j = new LoggerContext("levels-test");
    log4j.start(LogConfiguration.of(LogFormat.TEXT, false));
    try {
      LazyLog4j.use(LogFormat.TEXT, false);
      for (String name : LOGGERS) {
        for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR, Level.FATAL)) {
          assertThat(LogManager.getLogger(name).isEnabled(level)).as("%s at %s", name, level)
              .isEqualTo(log4j.getLogger(name).isEnabled(level));
        }
      }
    } finally {
      log4j.stop();
    }
  }

  @Test
  void verboseIsAConfigurationOfLog4jAndTheSameLoggersFollowIt() {
    org.apache.logging.log4j.Logger core = LogManager.getLogger("dev.berth.server.internal.limits.FloodGuard");
    try {
      LazyLog4j.use(LogFormat.TEXT, false);
      assertThat(core.isDebugEnabled()).isFalse();
      LazyLog4j.use(LogFormat.TEXT, true);
      assertThat(core.isDebugEnabled()).as("the logger handed out before log4j-core started").isTrue();
    } finally {
      LazyLog4j.use(LogFormat.TEXT, false);
    }
    assertThat(core.isDebugEnabled()).isFalse();
  }
}
