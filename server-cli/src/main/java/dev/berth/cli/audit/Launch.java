package dev.berth.cli.audit;

import dev.berth.cli.audit.Observation.Ending;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One run of the audited command, watched the way a supervisor would want it watched: until it
 * exits, listens where it should have failed, or outlives the limit; or, for a server that
 * should serve, until it answers HTTP, then through a signal to its exit. Every run ends with
 * the command and its descendants gone.
 */
final class Launch {
  private static final long TICK_MILLIS = 10;
  private static final long PROBE_EVERY_MILLIS = 100;
  private static final long SEEN_LISTENING_MILLIS = 300;
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private final List<String> command;
  private final Path directory;
  private final Map<String, String> environment;

  private final Set<String> wrappers;

  Launch(List<String> command, Path directory, Map<String, String> environment) {
    this(command, directory, environment, Set.of());
  }

  /**
   * {@code wrappers}: programs (by file name) that run first and exec the command, such as the
   * offline-DNS namespace's {@code unshare} and {@code sh}: a failing start's time counts from
   * the exec, so their set-up is not blamed on the server.
   */
  Launch(List<String> command, Path directory, Map<String, String> environment, Set<String> wrappers) {
    this.command = List.copyOf(command);
    this.directory = directory;
    this.environment = Map.copyOf(environment);
    this.wrappers = Set.copyOf(wrappers);
  }

  /** True while {@code pid} still runs one of the {@link #wrappers}. */
  private boolean wrapped(long pid) {
    if (wrappers.isEmpty()) {
      return false;
    }
    try {
      byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      int end = 0;
      while (end < cmdline.length && cmdline[end] != 0) {
        end++;
      }
      String program = new String(cmdline, 0, end, java.nio.charset.StandardCharsets.UTF_8);
      return wrappers.contains(Path.of(program).getFileName().toString());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private ServerProcess start() {
    ServerProcess.Builder b = ServerProcess.command(SignalDisposition.asFromASupervisor(command)).directory(directory);
    environment.forEach(b::env);
    return b.start();
  }

  /** A start that should fail: watched until it exits, or listens on what failed, or {@code limit} passes. */
  Observation failing(Watch watch, Duration limit) {
    List<String> facts = new ArrayList<>();
    Object liveInode = watch.liveUnix() == null ? null : inode(watch.liveUnix());
    long launched = System.nanoTime();
    long t0 = launched;
    Double listenedAt = null;
    Double firstFrom = null;
    Double firstTo = null;
    boolean stole = false;
    long lastProbe = 0;
    Ending ending;
    Integer exit = null;
    Double seconds = null;
    try (ServerProcess p = start()) {
      boolean execd = wrappers.isEmpty();
      while (true) {
        if (!execd && !(execd = !wrapped(p.pid()))) {
          t0 = System.nanoTime();
        }
        double now = since(t0);
        if (!p.isAlive()) {
          seconds = now;
          exit = p.awaitExit(DRAIN);
          ending = Ending.EXITED;
          break;
        }
        if (now > limit.toNanos() / 1e9 || since(launched) > 2 * limit.toNanos() / 1e9) {
          ending = Ending.STILL_RUNNING;
          facts.add("still running after " + Format.seconds(limit.toMillis() / 1000.0) + ", killed");
          break;
        }
        Set<String> listening = ListeningSockets.of(p.pid());
        if (watch.firstPort() != null && ListeningSockets.hasPort(listening, watch.firstPort())) {
          firstFrom = firstFrom == null ? now : firstFrom;
          firstTo = now;
        }
        if (liveInode != null && !liveInode.equals(inode(watch.liveUnix()))) {
          stole = true;
        }
        boolean listened = watch.listenedOnFailing() != null && watch.listenedOnFailing().test(listening);
        if (!listened && watch.servedOnFailing() != null && System.nanoTime() - lastProbe > PROBE_EVERY_MILLIS * 1_000_000) {
          lastProbe = System.nanoTime();
          listened = watch.servedOnFailing().getAsBoolean();
        }
        if (listened) {
          listenedAt = now;
          pause(SEEN_LISTENING_MILLIS);
          if (liveInode != null && !liveInode.equals(inode(watch.liveUnix()))) {
            stole = true;
          }
          ending = p.isAlive() ? Ending.LISTENED : Ending.EXITED;
          if (ending == Ending.EXITED) {
            seconds = since(t0);
            exit = p.awaitExit(DRAIN);
          }
          break;
        }
        pause(TICK_MILLIS);
      }
      if (listenedAt != null) {
        facts.add(0, "listened on the failing endpoint after " + Format.seconds(listenedAt));
      }
      if (watch.firstPort() != null) {
        facts.add(firstFrom == null ? "first endpoint never seen listening"
            : "first endpoint listened " + Format.seconds(firstTo - firstFrom) + " (" + Format.seconds(firstFrom)
                + " to " + Format.seconds(firstTo) + " after launch)");
      }
      p.close();
      if (watch.liveUnix() != null) {
        stole |= liveInode != null && !liveInode.equals(inode(watch.liveUnix()));
        facts.add(UnixSockets.isLiveListener(watch.liveUnix()) ? "live server still reachable" : "live server no longer reachable");
      }
      Double firstListened = null;
      if (watch.firstPort() != null) {
        firstListened = firstFrom == null ? Double.valueOf(0) : Double.valueOf(firstTo - firstFrom);
      }
      return new Observation(ending, exit, seconds, listenedAt, stole, firstListened, null, facts,
          PrintedOutput.of(p.stderrLines(), p.stdoutLines()));
    }
  }

  /**
   * A start that should serve: waits up to {@code readyLimit} for {@code ready} (an HTTP
   * answer), then sends {@code signal} and waits up to {@code stopLimit} for the exit.
   * {@code ownSocket}, when not null, flags a listening socket the server should not have made.
   */
  Observation serving(BooleanSupplier ready, Predicate<Set<String>> ownSocket, String signal, Duration readyLimit,
      Duration stopLimit) {
    List<String> facts = new ArrayList<>();
    long t0 = System.nanoTime();
    try (ServerProcess p = start()) {
      Double readyAfter = null;
      while (readyAfter == null) {
        if (!p.isAlive()) {
          double at = since(t0);
          int exit = p.awaitExit(DRAIN);
          facts.add("exited before it answered HTTP");
          return new Observation(Ending.EXITED, exit, at, null, false, null, null, facts,
              PrintedOutput.of(p.stderrLines(), p.stdoutLines()));
        }
        if (since(t0) > readyLimit.toNanos() / 1e9) {
          facts.add("no HTTP answer within " + Format.seconds(readyLimit.toMillis() / 1000.0) + ", killed");
          p.close();
          return new Observation(Ending.NEVER_READY, null, null, null, false, null, null, facts,
              PrintedOutput.of(p.stderrLines(), p.stdoutLines()));
        }
        if (ready.getAsBoolean()) {
          readyAfter = since(t0);
        } else {
          pause(50);
        }
      }
      facts.add("answered HTTP after " + Format.seconds(readyAfter));
      if (ownSocket != null) {
        Set<String> listening = ListeningSockets.of(p.pid());
        if (ownSocket.test(listening)) {
          facts.add("listened on a socket of its own: " + String.join(", ", listening));
        }
      }
      pause(200);
      long signalled = System.nanoTime();
      p.signal(dev.berth.testkit.Signal.valueOf(signal));
      while (p.isAlive() && since(signalled) < stopLimit.toNanos() / 1e9) {
        pause(TICK_MILLIS);
      }
      if (p.isAlive()) {
        facts.add("still running " + Format.seconds(stopLimit.toMillis() / 1000.0) + " after SIG" + signal + ", killed");
        p.close();
        return new Observation(Ending.STILL_RUNNING, null, null, null, false, null, readyAfter, facts,
            PrintedOutput.of(p.stderrLines(), p.stdoutLines()));
      }
      double took = since(signalled);
      int exit = p.awaitExit(DRAIN);
      return new Observation(Ending.EXITED, exit, took, null, false, null, readyAfter, facts,
          PrintedOutput.of(p.stderrLines(), p.stdoutLines()));
    }
  }

  private static Object inode(Path path) {
    try {
      return Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "missing";
    }
  }

  private static double since(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
