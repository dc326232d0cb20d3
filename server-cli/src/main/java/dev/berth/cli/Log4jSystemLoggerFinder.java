package dev.berth.cli;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * Routes {@link System.Logger}, which server-core logs through so that embedders need no
 * logging framework, into the CLI's log4j, so that core's lines obey {@code --verbose} and
 * {@code --log-format} like the CLI's own. log4j's own bridge (log4j-jpl) would do the
 * same; this one avoids a dependency for twenty lines. Found by the JDK through
 * {@code META-INF/services/java.lang.System$LoggerFinder}, hence public.
 *
 * <p>While berth's default text configuration is in force (see {@link DefaultLevels}) neither
 * asking whether a level is loggable nor logging a line starts log4j (the line goes to stderr
 * as {@code berth: message}, as {@link Say} writes berth's own): on JDK 21 and later every
 * {@code System.exit} asks the {@code java.lang.Runtime} logger about DEBUG, and starting
 * log4j to answer "no" cost a failing start about 0.4 s of CPU (docs/performance.md).
 */
public final class Log4jSystemLoggerFinder extends System.LoggerFinder {

  /** Called by the JDK's service loader. */
  public Log4jSystemLoggerFinder() {}

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new Bridge(name);
  }

  private static final class Bridge implements System.Logger {
    private final String name;
    private final LazyLoggers.Lazy lazy;

    Bridge(String name) {
      this.name = name;
      this.lazy = new LazyLoggers.Lazy(name);
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(System.Logger.Level level) {
      return level != System.Logger.Level.OFF && lazy.on(map(level));
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String message, Throwable thrown) {
      if (isLoggable(level)) {
        lazy.lineWithThrowable(map(level), message, thrown);
      }
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String format, Object... params) {
      log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params), (Throwable) null);
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
