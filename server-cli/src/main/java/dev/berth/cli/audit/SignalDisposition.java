package dev.berth.cli.audit;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the audited command with every signal at its default, as systemd or Kubernetes start
 * a service. A shell runs a background job ({@code berth audit ... &}) with SIGINT and SIGQUIT
 * ignored, and children inherit ignored signals: the server would be audited under
 * dispositions it never gets from a supervisor (gunicorn's workers then ignore the SIGQUIT
 * their master stops them with). coreutils' {@code env --default-signal} restores them.
 */
final class SignalDisposition {
  private static volatile Boolean envCanReset;

  private SignalDisposition() {}

  /** {@code command}, behind {@code env --default-signal} when this process ignores a signal. */
  static List<String> asFromASupervisor(List<String> command) {
    if (!ignoresAny() || !envCanReset()) {
      return command;
    }
    List<String> all = new ArrayList<>(List.of("env", "--default-signal"));
    all.addAll(command);
    return all;
  }

  private static boolean ignoresAny() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return new BigInteger(line.substring("SigIgn:".length()).trim(), 16).signum() != 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: nothing to restore
    }
    return false;
  }

  private static boolean envCanReset() {
    Boolean can = envCanReset;
    if (can == null) {
      try {
        Process p = new ProcessBuilder("env", "--default-signal", "true").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        can = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        can = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        can = false;
      }
      envCanReset = can;
    }
    return can;
  }
}
