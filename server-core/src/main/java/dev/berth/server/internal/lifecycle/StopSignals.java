package dev.berth.server.internal.lifecycle;

import dev.berth.server.BerthServer;
import dev.berth.server.ExitCode;
import java.util.function.Consumer;

/**
 * Takes over SIGTERM and SIGINT so that a requested stop can end in exit 0. The JVM's own
 * handling runs shutdown hooks and then exits 143 or 130 whatever a hook does (a hook can
 * only halt, racing the others), so a clean stop needs the signal as an event: the caller's
 * control loop drains, closes Vert.x and returns the status for its one {@code System.exit}.
 * {@link BerthServer#serveUntilStopped} and the berth CLI both stop this way.
 */
public final class StopSignals {

  private static final String[] NAMES = {"TERM", "INT"};

  /**
   * A stop signal that arrived.
   *
   * @param name {@code TERM} or {@code INT}
   * @param number its number (15, 2)
   */
  public record Received(String name, int number) {
    /**
     * The conventional status of a process killed by this signal.
     *
     * @return 128 + its number (143, 130)
     */
    public int killedStatus() {
      return ExitCode.KILLED_BY_SIGNAL_BASE + number;
    }

    /** {@code SIGTERM} or {@code SIGINT}. */
    @Override
    public String toString() {
      return "SIG" + name;
    }
  }

  private StopSignals() {}

  /**
   * Replaces the JVM's handling of SIGTERM and SIGINT for the rest of its life.
   *
   * @param onSignal told of each signal, on the JVM's signal thread; must not block
   * @param cannotHandle told, with a sentence, of a signal that cannot be taken over (-Xrs):
   *     that signal keeps the JVM's default status
   */
  public static void install(Consumer<Received> onSignal, Consumer<String> cannotHandle) {
    for (String name : NAMES) {
      try {
        SignalTrap.handle(name, (signal, number) -> onSignal.accept(new Received(signal, number)));
      } catch (IllegalArgumentException e) {
        cannotHandle.accept("cannot handle SIG" + name + " (" + e.getMessage() + "); it will end the process with the JVM's default status");
      }
    }
  }
}
