package dev.berth.cli;

/**
 * The thresholds of berth's default text configuration (log4j2.properties in this jar:
 * {@code berth} and {@code dev.berth} at INFO, everything else at WARN), known without
 * starting log4j. {@link Log4jSystemLoggerFinder} answers "is this level loggable?" from
 * them while they are in force, so that a question whose answer is "no" (the JDK asks one
 * at every exit) costs nothing; any line that is logged still goes through log4j.
 */
final class DefaultLevels {

  private DefaultLevels() {}

  /** True unless berth configured log4j itself (JSON, --verbose) or the user named a configuration. */
  static boolean inForce() {
    return !Say.usingLogging()
        && System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null;
  }

  static boolean loggable(String logger, System.Logger.Level level) {
    boolean own = logger.equals(LogSetup.HUMAN) || logger.equals("dev.berth") || logger.startsWith("dev.berth.");
    return level.getSeverity() >= (own ? System.Logger.Level.INFO : System.Logger.Level.WARNING).getSeverity();
  }
}
