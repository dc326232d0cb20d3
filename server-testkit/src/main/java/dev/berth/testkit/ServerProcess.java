package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Runs a server command as a child process and lets a test wait for readiness, send signals,
 * read its output and assert its exit code — the only way to test what a server tells its
 * supervisor, since {@code System.exit} cannot be intercepted in-process on modern JDKs.
 *
 * <p>Output is captured continuously (UTF-8, line by line) and readable while the process runs.
 * {@link #close()} kills the process and its descendants; a JVM shutdown hook does the same for
 * anything a crashed test run left behind. A process killed by signal N exits with 128+N, as
 * shells report it. Thread-safe.
 */
public final class ServerProcess implements AutoCloseable {
  private static final int TAIL = 20;
  private static final long DRAIN_MILLIS = 2000;

  private final List<String> command;
  private final Process process;
  private final OutputCapture out;
  private final OutputCapture err;
  private final Readiness readiness;
  private boolean closed;

  private ServerProcess(Builder b) throws IOException {
    this.command = List.copyOf(b.command);
    this.readiness = b.readiness;
    UnprivilegedWorkingDirectory.check(command, b.directory);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(b.env);
    if (b.directory != null) {
      pb.directory(b.directory.toFile());
    }
    this.process = pb.start();
    ProcessReaper.register(process.toHandle());
    String name = "berth-child-" + process.pid();
    this.out = new OutputCapture(process.getInputStream(), name + "-stdout", readiness::stdoutLine);
    this.err = new OutputCapture(process.getErrorStream(), name + "-stderr", readiness::stderrLine);
  }

  /** A builder for {@code cmd}; nothing runs until {@link Builder#start()}. */
  public static Builder command(List<String> cmd) {
    return new Builder(cmd);
  }

  /** A builder for {@code cmd}; nothing runs until {@link Builder#start()}. */
  public static Builder command(String... cmd) {
    return new Builder(List.of(cmd));
  }

  /**
   * Waits for the readiness condition given to the builder. Fails with the last lines of stdout and
   * of stderr if the process exits first or the timeout passes (the process is left running;
   * {@link #close()} kills it); the failure comes within the timeout, give or take a scheduling
   * tick, even when a descendant keeps the child's pipes open. Without a readiness condition, only
   * checks that the process is alive.
   */
  public ServerProcess awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (readiness.isUnconditional() && !process.isAlive()) {
      throw new AssertionError("process exited with code " + process.exitValue() + " (no readiness condition"
          + " was set, so only checked it runs)" + context());
    }
    while (true) {
      if (readiness.isReady()) {
        return this;
      }
      if (!process.isAlive()) {
        // what it printed last may still be in the pipes; read it, but not past the deadline
        long drainEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
            Math.max(50, Math.min(DRAIN_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        out.awaitEnd(TimeUnit.NANOSECONDS.toMillis(drainEnd - System.nanoTime()));
        err.awaitEnd(TimeUnit.NANOSECONDS.toMillis(drainEnd - System.nanoTime()));
        if (readiness.isReady()) {
          return this;
        }
        throw new AssertionError("process exited with code " + process.exitValue() + " before it was ready ("
            + readiness.describe() + ")" + context());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("process not ready after " + timeout.toMillis() + " ms ("
            + readiness.describe() + "), still running" + context());
      }
      readiness.await(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 20));
    }
  }

  /**
   * Waits until a line of stderr or stdout (stderr first) contains a match of {@code pattern},
   * and returns that match, groups included: the one way to wait for output in a test, instead
   * of a hand-rolled polling loop. Returns as soon as the line is there. Fails with the last
   * lines of both streams when the process exits without such a line or the timeout passes (the
   * process is left running; {@link #close()} kills it).
   */
  public MatchResult awaitOutput(Pattern pattern, Duration timeout) {
    Objects.requireNonNull(pattern, "pattern");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      java.util.Optional<MatchResult> found = firstMatch(pattern);
      if (found.isPresent()) {
        return found.get();
      }
      if (!process.isAlive()) {
        long drain = Math.max(50, Math.min(DRAIN_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        out.awaitEnd(drain);
        err.awaitEnd(drain);
        return firstMatch(pattern).orElseThrow(() -> new AssertionError("process exited with code "
            + process.exitValue() + " before a line matched /" + pattern + "/" + context()));
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("no line matched /" + pattern + "/ after " + timeout.toMillis()
            + " ms, still running" + context());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for /" + pattern + "/" + context(), e);
      }
    }
  }

  private java.util.Optional<MatchResult> firstMatch(Pattern pattern) {
    for (List<String> lines : List.of(err.lines(), out.lines())) {
      for (String line : lines) {
        java.util.regex.Matcher m = pattern.matcher(line);
        if (m.find()) {
          return java.util.Optional.of(m.toMatchResult());
        }
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The match that made the process ready under {@link Builder#readyWhenStderrMatches} or {@link
   * Builder#readyWhenStdoutMatches}, groups included: e.g. the real port behind port 0 with {@code
   * readyWhenStderrMatches("listening on \\S+:(\\d+)")} and {@code readyMatch().group(1)}. Throws
   * {@link IllegalStateException} before a line matched (call {@link #awaitReady} first) or when
   * readiness came from a file.
   */
  public MatchResult readyMatch() {
    return readiness.match().orElseThrow(() -> new IllegalStateException(
        "no readiness line has matched (" + readiness.describe() + "); call awaitReady first"));
  }

  /**
   * Sends {@code signal}: {@code TERM} and {@code KILL} through the process handle, the others
   * through {@code kill -s NAME pid}. Never through {@code Process.destroy()}, which also closes
   * our ends of the child's pipes, so whatever the child prints while it stops would be lost.
   */
  public ServerProcess signal(Signal signal) {
    switch (signal) {
      case TERM:
        process.toHandle().destroy();
        return this;
      case KILL:
        process.toHandle().destroyForcibly();
        return this;
      default:
        ProcessReaper.kill(process.pid(), signal.name());
        return this;
    }
  }

  /**
   * Sends a signal by name ({@code "TERM"}, {@code "SIGHUP"}...); names outside {@link Signal}
   * go through {@code kill -s NAME pid}.
   *
   * @deprecated use {@link #signal(Signal)}; a name read from data converts with {@code
   *     Signal.valueOf(name)}
   */
  @Deprecated
  public ServerProcess signal(String name) {
    String sig = name.toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "");
    for (Signal known : Signal.values()) {
      if (known.name().equals(sig)) {
        return signal(known);
      }
    }
    ProcessReaper.kill(process.pid(), sig);
    return this;
  }

  /**
   * Waits for the process to exit and returns its code, once its output is fully read. On timeout
   * kills it (and its descendants) and fails with the last lines of stdout and stderr.
   */
  public int awaitExit(Duration timeout) {
    boolean exited;
    try {
      exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new AssertionError("interrupted while waiting for the process to exit" + context(), e);
    }
    if (!exited) {
      close();
      throw new AssertionError("process did not exit within " + timeout.toMillis() + " ms; killed it" + context());
    }
    out.awaitEnd(DRAIN_MILLIS);
    err.awaitEnd(DRAIN_MILLIS);
    return process.exitValue();
  }

  /** Waits for exit and fails, readably, unless the exit code is {@code expected}. */
  public ServerProcess assertExitCode(int expected, Duration timeout) {
    int actual = awaitExit(timeout);
    if (actual != expected) {
      throw new AssertionError("expected exit code " + expected + " but was " + actual + context());
    }
    return this;
  }

  /** The command and the last lines of both streams: a hang or an early exit explains itself. */
  String context() {
    StringBuilder s = new StringBuilder();
    s.append("\n  command: ").append(String.join(" ", command));
    appendTail(s, "stdout", out.tail(TAIL));
    appendTail(s, "stderr", err.tail(TAIL));
    return s.toString();
  }

  private static void appendTail(StringBuilder s, String stream, List<String> tail) {
    s.append("\n  last ").append(tail.size()).append(' ').append(stream).append(" lines:");
    for (String line : tail) {
      s.append("\n    ").append(line);
    }
    if (tail.isEmpty()) {
      s.append(" (none)");
    }
  }

  /** Everything the process printed to stdout so far. */
  public String stdout() {
    return out.text();
  }

  /** Everything the process printed to stderr so far. */
  public String stderr() {
    return err.text();
  }

  /** Stdout lines so far. */
  public List<String> stdoutLines() {
    return out.lines();
  }

  /** Stderr lines so far. */
  public List<String> stderrLines() {
    return err.lines();
  }

  /** The command as started. */
  public List<String> commandLine() {
    return command;
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** True while the process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process and its descendants, waiting briefly for them; safe to call twice. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    ProcessReaper.killTree(process.toHandle(), 5000);
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // the child is gone; its stdin pipe with it
    }
    out.awaitEnd(200);
    err.awaitEnd(200);
  }

  @Override
  public String toString() {
    return "ServerProcess[pid " + process.pid() + ": " + String.join(" ", command) + "]";
  }

  /** Command, environment, directory and readiness condition. Not thread-safe. */
  public static final class Builder {
    private final List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path directory;
    private Readiness readiness = new Readiness();

    private Builder(List<String> command) {
      if (command.isEmpty()) {
        throw new IllegalArgumentException("ServerProcess needs a command");
      }
      this.command = new ArrayList<>(command);
    }

    /** Sets an environment variable for the child (on top of this JVM's environment). */
    public Builder env(String name, String value) {
      env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The child's working directory (default: this JVM's). A command from {@link
     * Privilege#asUnprivileged} must be able to enter and read it, or {@link #start()} throws.
     */
    public Builder directory(Path dir) {
      this.directory = dir;
      return this;
    }

    /** Ready once {@code file} exists (e.g. a report or pid file written before readiness). */
    public Builder readyWhenFileExists(Path file) {
      readiness = readiness.withFile(file);
      return this;
    }

    /** Ready once a stderr line contains a match of {@code regex}; {@link #readyMatch()} hands it back. */
    public Builder readyWhenStderrMatches(String regex) {
      readiness = readiness.withStderr(Pattern.compile(regex));
      return this;
    }

    /** Ready once a stdout line contains a match of {@code regex}; {@link #readyMatch()} hands it back. */
    public Builder readyWhenStdoutMatches(String regex) {
      readiness = readiness.withStdout(Pattern.compile(regex));
      return this;
    }

    /** Starts the process; output capture begins at once. */
    public ServerProcess start() {
      try {
        return new ServerProcess(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
      }
    }
  }
}
