package dev.berth.cli;

import java.io.PrintStream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;

/**
 * What berth tells a human, always on stderr. In the default text format a line goes
 * straight to the stream ({@code berth: message}), so a run that fails fast never starts
 * log4j (about a quarter of a second of a failing run's time); once logging is configured
 * (JSON format, {@code --verbose}, a user's log4j configuration) every line goes through
 * it, so one format holds for the whole run.
 */
final class Say {

  private static volatile boolean viaLogging;

  private Say() {}

  /** From now on, human lines go through log4j (true) or straight to stderr (false). */
  static void useLogging(boolean on) {
    viaLogging = on;
  }

  /** Whether human lines currently go through log4j (berth or the user configured it). */
  static boolean usingLogging() {
    return viaLogging;
  }

  static void info(String message) {
    emit(Level.INFO, message, null);
  }

  static void warn(String message) {
    emit(Level.WARN, message, null);
  }

  /** An error line; the throwable's stack trace follows it only when given (callers pass it with --verbose). */
  static void error(String message, Throwable stackTrace) {
    TerminationLog.remember("berth: " + message);
    emit(Level.ERROR, message, stackTrace);
  }

  private static void emit(Level level, String message, Throwable stackTrace) {
    if (viaLogging) {
      LogManager.getLogger(LogSetup.HUMAN).log(level, message, stackTrace);
      return;
    }
    direct(message, stackTrace);
  }

  /** {@code berth: message} and the stack trace, if any, straight to stderr: the default text format without log4j. */
  static void direct(String message, Throwable stackTrace) {
    PrintStream err = System.err;
    synchronized (err) {
      err.println("berth: " + message);
      if (stackTrace != null) {
        stackTrace.printStackTrace(err);
      }
      err.flush();
    }
  }
}
