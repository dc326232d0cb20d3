package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Kills every child process a fixture started, with its descendants, even when the test JVM dies
 * without closing them: a crashed run must not leave a server holding a port for the next one.
 * Also sends the signals {@link ServerProcess#signal} cannot send through a process handle.
 */
final class ProcessReaper {
  private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "berth-testkit-reaper"));
  }

  private ProcessReaper() {}

  static void register(ProcessHandle process) {
    LIVE.add(process);
    process.onExit().thenRun(() -> LIVE.remove(process));
  }

  /** Sends signal {@code sig} (a name without SIG, such as INT or HUP) to {@code pid} with {@code kill -s}. */
  static void kill(long pid, String sig) {
    try {
      Process k = new ProcessBuilder("kill", "-s", sig, Long.toString(pid)).redirectErrorStream(true).start();
      String said = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (k.waitFor() != 0) {
        throw new IllegalStateException("kill -s " + sig + " " + pid + " failed: " + said);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -s " + sig + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + sig, e);
    }
  }

  /** Kills {@code process} and its descendants (taken before the parent dies), then waits. */
  static void killTree(ProcessHandle process, long waitMillis) {
    List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    for (ProcessHandle p : concat(process, tree)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception ignored) {
        // gone already, or still dying: nothing more a test harness can do
      }
    }
    LIVE.remove(process);
  }

  private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
    List<ProcessHandle> all = new java.util.ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static void killAll() {
    for (ProcessHandle p : List.copyOf(LIVE)) {
      killTree(p, 2000);
    }
  }
}
