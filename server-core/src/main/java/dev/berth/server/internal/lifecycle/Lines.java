package dev.berth.server.internal.lifecycle;

import dev.berth.server.BindOutcome;
import dev.berth.server.InheritedEndpoint;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/** The words of the lifecycle's lines, the same for {@code berth serve} and an embedder's main. */
public final class Lines {

  private Lines() {}

  /** {@code listening on http://127.0.0.1:8080}, with an inherited socket's origin and shared event loops. */
  public static String listening(BindOutcome.Bound bound) {
    String inherited = bound.endpoint() instanceof InheritedEndpoint socket
        ? " (socket inherited from " + socket.source().code() + ", fd " + socket.fd() + ")" : "";
    return "listening on " + bound.url() + inherited
        + (bound.instances() > 1 ? " (" + bound.instances() + " event loops sharing one socket)" : "");
  }

  /** Short human form: {@code 300ms}, {@code 2s}. */
  public static String duration(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 != 0 || millis == 0 ? millis + "ms" : (millis / 1000) + "s";
  }

  /** Time left, in whole units never rounded up: {@code 5 days}, {@code 47 hours}, {@code 1 hour}, {@code under an hour}. */
  public static String timeLeft(Duration left) {
    long hours = left.toHours();
    if (hours >= 48) {
      return hours / 24 + " days";
    }
    return hours > 1 ? hours + " hours" : hours == 1 ? "1 hour" : "under an hour";
  }

  /** A throwable and its causes in one line: {@code X: a; caused by Y: b}. */
  public static String chain(Throwable t) {
    StringBuilder line = new StringBuilder(String.valueOf(t));
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    seen.put(t, true);
    for (Throwable c = t.getCause(); c != null && seen.put(c, true) == null; c = c.getCause()) {
      line.append("; caused by ").append(c);
    }
    return oneLine(line.toString());
  }

  /** No line breaks inside a line. */
  public static String oneLine(String text) {
    return text.replace("\r", "").replace("\n", "; ");
  }
}
