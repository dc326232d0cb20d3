package dev.berth.server;

import dev.berth.server.internal.lifecycle.Lines;
import java.io.PrintStream;

/**
 * Where a {@link BerthServer} says what happens, one line each: where it listens, why it
 * cannot, the TLS warnings, the overload lines, the stop. Every line arrives as a
 * {@link ServeEvent} at {@link #event}, which by default passes its words on to {@link #info},
 * {@link #warn} or {@link #error} by its level: implement those three to point the lines at your
 * own logger, or override {@link #event} as well to log the event's values as fields. The
 * default is stderr. Called from the serving thread and, for lines that do not wait (overload,
 * signals), from a signal or Vert.x thread: implementations must be thread-safe.
 */
public interface ServeOutput {

  /**
   * One step with the value it is about. By default its {@link ServeEvent#oneLine()} goes to
   * {@link #error} (level {@code ERROR}, with its cause), {@link #warn} ({@code WARNING}) or {@link #info}.
   *
   * @param event the step
   */
  default void event(ServeEvent event) {
    switch (event.level()) {
      case ERROR -> error(event.oneLine(), event.cause().orElse(null));
      case WARNING -> warn(event.oneLine());
      default -> info(event.oneLine());
    }
  }

  /**
   * An ordinary step: {@code listening on http://127.0.0.1:8080}, {@code stopped}.
   *
   * @param line one line
   */
  void info(String line);

  /**
   * Something to act on that does not stop serving: a certificate expiring soon.
   *
   * @param line one line
   */
  void warn(String line);

  /**
   * A failure.
   *
   * @param line one line naming what, why and what to do
   * @param cause the exception behind it, or null; print its stack trace only when the user asked
   */
  void error(String line, Throwable cause);

  /**
   * Plain lines on stderr, no stack traces.
   *
   * @return the default output
   */
  static ServeOutput stderr() {
    return stderr(false);
  }

  /**
   * Plain lines on stderr.
   *
   * @param stackTraces whether an error's cause follows it as a stack trace
   * @return an output to stderr
   */
  static ServeOutput stderr(boolean stackTraces) {
    return new ServeOutput() {
      @Override
      public void info(String line) {
        error(line, null);
      }

      @Override
      public void warn(String line) {
        error(line, null);
      }

      @Override
      public void error(String line, Throwable cause) {
        PrintStream err = System.err;
        synchronized (err) {
          err.println(Lines.oneLine(line));
          if (stackTraces && cause != null) {
            cause.printStackTrace(err);
          }
          err.flush();
        }
      }
    };
  }
}
