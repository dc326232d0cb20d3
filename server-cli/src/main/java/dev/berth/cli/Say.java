package dev.berth.cli;

import java.util.Map;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;

/**
 * What berth tells a human: log4j's {@code berth} logger, on stderr in the format chosen
 * ({@link LogConfiguration}). Facts a log pipeline filters on go with a line as log context,
 * which {@code --log-format json} writes as ECS fields ({@link EcsFields}).
 *
 * <p>The logger is the one log4j-api's {@code LogManager} hands out for that name, taken from
 * {@link LazyLog4j} directly: LogManager's own start (its property sources and provider search,
 * which open every jar) cost a failing start about 0.07 s of CPU, for a line that is only
 * printed (bench/levers.md).
 */
final class Say {

  private static final Logger LOG = LazyLog4j.logger(LogConfiguration.HUMAN);

  private Say() {}

  static void info(String message) {
    LOG.info(message);
  }

  static void warn(String message) {
    LOG.warn(message);
  }

  /** An error line; the throwable's stack trace follows it only when given (callers pass it with --verbose). */
  static void error(String message, Throwable stackTrace) {
    TerminationLog.remember(LogConfiguration.TEXT_PREFIX + message);
    LOG.error(message, stackTrace);
  }

  /** A line with fields (ECS names to values) that the JSON format carries beside the message. */
  static void line(Level level, String message, Map<String, String> fields, Throwable stackTrace) {
    if (level == Level.ERROR) {
      TerminationLog.remember(LogConfiguration.TEXT_PREFIX + message);
    }
    if (LazyLog4j.lazy()) {
      // the default text format shows no fields, and log context would start log4j-api's machinery
      LOG.log(level, message, stackTrace);
      return;
    }
    try (CloseableThreadContext.Instance context = CloseableThreadContext.putAll(fields)) {
      LOG.log(level, message, stackTrace);
    }
  }
}
