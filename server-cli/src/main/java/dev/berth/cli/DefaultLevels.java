package dev.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;

/**
 * The thresholds of berth's default text configuration (log4j2.properties in this jar), read
 * from that file with java.util.Properties, so without starting log4j. {@link
 * Log4jSystemLoggerFinder} answers "is this level loggable?" from them while they are in
 * force, so that a question whose answer is "no" (the JDK asks one at every exit) costs
 * nothing; any line that is logged still goes through log4j. A logger's level is that of its
 * nearest configured ancestor, else the root's, as in log4j.
 */
final class DefaultLevels {

  private static volatile Properties file;

  private DefaultLevels() {}

  /** True unless berth configured log4j itself (JSON, --verbose) or the user named a configuration. */
  static boolean inForce() {
    return !Say.usingLogging()
        && System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null;
  }

  static boolean loggable(String logger, System.Logger.Level level) {
    return level.getSeverity() >= severity(levelOf(logger));
  }

  /** The level log4j2.properties gives {@code logger}. */
  static String levelOf(String logger) {
    Properties p = file();
    String best = null;
    int bestLength = -1;
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("logger.") && key.endsWith(".name")) {
        String configured = p.getProperty(key).trim();
        if ((logger.equals(configured) || logger.startsWith(configured + ".")) && configured.length() > bestLength) {
          String level = p.getProperty(key.substring(0, key.length() - ".name".length()) + ".level");
          if (level != null) {
            best = level.trim();
            bestLength = configured.length();
          }
        }
      }
    }
    return best != null ? best : p.getProperty("rootLogger.level", "error").trim();
  }

  private static int severity(String log4jLevel) {
    return switch (log4jLevel.toUpperCase(Locale.ROOT)) {
      case "ALL", "TRACE" -> System.Logger.Level.TRACE.getSeverity();
      case "DEBUG" -> System.Logger.Level.DEBUG.getSeverity();
      case "INFO" -> System.Logger.Level.INFO.getSeverity();
      case "WARN" -> System.Logger.Level.WARNING.getSeverity();
      case "ERROR", "FATAL" -> System.Logger.Level.ERROR.getSeverity();
      default -> Integer.MAX_VALUE; // OFF
    };
  }

  private static Properties file() {
    Properties p = file;
    if (p == null) {
      p = new Properties();
      // the file log4j itself would find first on the class path
      try (InputStream in = DefaultLevels.class.getClassLoader().getResourceAsStream("log4j2.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      file = p;
    }
    return p;
  }
}
