package dev.berth.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Waits in a test for a condition that is not a line of output (for output, {@link
 * ServerProcess#awaitOutput}): a file that appears, a counter that settles, a port that
 * answers. The one polling loop, so tests need no {@code nanoTime} deadline of their own, and a
 * timeout always says what was awaited, the last exception the check threw and — when a child
 * process is involved — its command and the last lines of both of its streams.
 *
 * <pre>{@code
 * Await.until("the access log has 2 lines", Duration.ofSeconds(20), server,
 *     () -> Files.exists(log) && Files.readAllLines(log).size() >= 2);
 * int port = Await.result("the admin port", Duration.ofSeconds(30), () -> portFromStatusFile());
 * }</pre>
 *
 * <p>A check that throws an {@link Exception} or an {@link AssertionError} counts as "not yet" (a
 * file not written yet, a connection refused, an AssertJ assertion that does not hold yet), and
 * the last one thrown is the failure's cause, so a check written as an assertion explains a
 * timeout in its own words; other {@link Error}s end the wait at once. The check runs on the
 * calling thread, first at once, then with pauses growing from 10 to 200 ms.
 */
public final class Await {
  private static final long FIRST_PAUSE_MILLIS = 10;
  private static final long LONGEST_PAUSE_MILLIS = 200;

  private Await() {}

  /**
   * Returns as soon as {@code condition} returns true; fails with an {@link AssertionError}
   * naming {@code what} when {@code timeout} passes first.
   */
  public static void until(String what, Duration timeout, Callable<Boolean> condition) {
    poll(what, timeout, null, () -> Boolean.TRUE.equals(condition.call()) ? Boolean.TRUE : null);
  }

  /**
   * As {@link #until(String, Duration, Callable)}, while {@code process} runs: fails at once
   * when it exits first (after one last check), and every failure shows the process's command
   * and the last lines of its stdout and stderr.
   */
  public static void until(String what, Duration timeout, ServerProcess process, Callable<Boolean> condition) {
    Objects.requireNonNull(process, "process");
    poll(what, timeout, process, () -> Boolean.TRUE.equals(condition.call()) ? Boolean.TRUE : null);
  }

  /**
   * Returns the first value {@code attempt} returns that is not null, calling it again while it
   * returns null or throws; fails with an {@link AssertionError} naming {@code what} (and the
   * last exception as its cause) when {@code timeout} passes first.
   */
  public static <T> T result(String what, Duration timeout, Callable<T> attempt) {
    return poll(what, timeout, null, attempt);
  }

  /** As {@link #result(String, Duration, Callable)}, while {@code process} runs (see {@link #until(String, Duration, ServerProcess, Callable)}). */
  public static <T> T result(String what, Duration timeout, ServerProcess process, Callable<T> attempt) {
    Objects.requireNonNull(process, "process");
    return poll(what, timeout, process, attempt);
  }

  private static <T> T poll(String what, Duration timeout, ServerProcess process, Callable<T> attempt) {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(attempt, "attempt");
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    Throwable last = null;
    while (true) {
      boolean alive = process == null || process.isAlive();
      try {
        T value = attempt.call();
        if (value != null) {
          return value;
        }
        last = null; // a stale exception would explain the wrong thing
      } catch (Exception | AssertionError e) {
        last = e;
      }
      if (!alive) {
        throw failure("process exited with code " + process.awaitExit(Duration.ofSeconds(5)) + " before: " + what,
            process, last);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw failure("gave up after " + timeout.toMillis() + " ms waiting for: " + what, process, last);
      }
      try {
        Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("interrupted while waiting for: " + what, process, e);
      }
      pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
    }
  }

  private static AssertionError failure(String message, ServerProcess process, Throwable cause) {
    StringBuilder s = new StringBuilder(message);
    if (cause != null) {
      s.append("; the last check threw ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
    }
    if (process != null) {
      s.append(process.context());
    }
    return new AssertionError(s.toString(), cause);
  }
}
