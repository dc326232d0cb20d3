package dev.berth.cli;

import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Takes over SIGTERM and SIGINT so that a requested stop ends in exit 0. The JVM's own
 * handling runs shutdown hooks and then exits 143 or 130 whatever a hook does (a hook can
 * only halt, racing the others), so berth replaces it: each signal becomes an event for
 * the command's control loop, which drains, closes Vert.x and returns the status itself.
 */
final class StopSignals {

  private static final String[] NAMES = {"TERM", "INT"};

  /** A stop signal that arrived. */
  record Received(String name, int number) {
    /** The conventional status of a process killed by this signal: 128 + its number. */
    int killedStatus() {
      return ExitCode.KILLED_BY_SIGNAL_BASE + number;
    }

    @Override
    public String toString() {
      return "SIG" + name;
    }
  }

  private StopSignals() {}

  static void install(Consumer<Received> onSignal) {
    for (String name : NAMES) {
      try {
        Signal.handle(new Signal(name), s -> onSignal.accept(new Received(s.getName(), s.getNumber())));
      } catch (IllegalArgumentException e) {
        // -Xrs, or a signal the JVM reserves: the default handling (exit 128+N) remains.
        Say.warn("cannot handle SIG" + name + " (" + e.getMessage() + "); it will end berth with the JVM's default status");
      }
    }
  }
}
