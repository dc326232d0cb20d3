package dev.berth.cli;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Routes {@link System.Logger}, which server-core logs through so that embedders need no
 * logging framework, into the CLI's log4j, so that core's lines obey {@code --verbose} and
 * {@code --log-format} like the CLI's own. log4j's own bridge (log4j-jpl) would do the
 * same; this one avoids a dependency for twenty lines. Found by the JDK through
 * {@code META-INF/services/java.lang.System$LoggerFinder}, hence public.
 */
public final class Log4jSystemLoggerFinder extends System.LoggerFinder {

  /** Called by the JDK's service loader. */
  public Log4jSystemLoggerFinder() {}

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new Bridge(LogManager.getLogger(name));
  }

  private record Bridge(Logger log) implements System.Logger {

    @Override
    public String getName() {
      return log.getName();
    }

    @Override
    public boolean isLoggable(System.Logger.Level level) {
      return level != System.Logger.Level.OFF && log.isEnabled(map(level));
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String message, Throwable thrown) {
      if (isLoggable(level)) {
        log.log(map(level), message, thrown);
      }
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) {
        log.log(map(level), params == null || params.length == 0 ? format : MessageFormat.format(format, params));
      }
    }

    /** log4j's level; spelled out, as inside a System.Logger {@code Level} is the JDK's. */
    private static org.apache.logging.log4j.Level map(System.Logger.Level level) {
      return switch (level) {
        case ALL, TRACE -> org.apache.logging.log4j.Level.TRACE;
        case DEBUG -> org.apache.logging.log4j.Level.DEBUG;
        case INFO -> org.apache.logging.log4j.Level.INFO;
        case WARNING -> org.apache.logging.log4j.Level.WARN;
        case ERROR -> org.apache.logging.log4j.Level.ERROR;
        case OFF -> org.apache.logging.log4j.Level.OFF;
      };
    }
  }
}
