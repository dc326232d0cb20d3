package dev.berth.cli;

import dev.berth.server.BindReport;
import dev.berth.server.ExitCode;
import dev.berth.server.ServeListener;
import dev.berth.server.internal.lifecycle.SignalTrap;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes access-log lines off the event loop, and never lets the log stop the server: one
 * thread takes lines from a bounded queue, writes as many as are waiting and flushes once per
 * batch. When the queue is full (a slow or stuck disk) or a write fails (a full disk), lines
 * are counted and dropped and berth says so, at most once a minute; the next batch tries the
 * disk again, so lines flow once space returns. For a file, SIGUSR1 reopens it by name:
 * logrotate renames the file, signals, and new lines go to a new file.
 */
final class AccessLogWriter implements AutoCloseable {

  /** How long a stop waits for queued lines to reach the disk: short, as a stuck disk must not hold a stop. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
  private static final long SAY_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final String WAKE = "";

  private final Path file;
  private final String name;
  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(8192);
  private final AtomicBoolean reopenAsked = new AtomicBoolean();
  private final AtomicBoolean closeAsked = new AtomicBoolean();
  private final AtomicLong overflowed = new AtomicLong();
  private final CountDownLatch closed = new CountDownLatch(1);
  private OutputStream out;
  private Thread thread;

  // Owned by the writing thread.
  private long unwritten;
  private String failure;
  private long saidAt;

  private AccessLogWriter(Path file, OutputStream out) {
    this.file = file;
    this.name = file == null ? "stderr" : file.toString();
    this.out = out;
  }

  /** Lines to stderr. */
  static AccessLogWriter toStderr() {
    return new AccessLogWriter(null, System.err);
  }

  /** Lines appended to a file, opened now (before anything binds): missing directory 78, no permission 77. */
  static AccessLogWriter toFile(Path file) {
    return new AccessLogWriter(file, open(file));
  }

  /**
   * The serve lifecycle's listener for this log: once berth is ready, a file is reopened on
   * SIGUSR1 (logrotate renames it and signals); stderr needs nothing.
   */
  ServeListener reopenOnSignal() {
    return file == null ? new ServeListener() {} : new ServeListener() {
      @Override
      public void ready(BindReport report) {
        try {
          SignalTrap.handle("USR1", (signal, number) -> {
            reopenAsked.set(true);
            queue.offer(WAKE);
          });
        } catch (IllegalArgumentException e) {
          Say.warn("cannot handle SIGUSR1 (" + e.getMessage() + "); --access-log " + file + " will not be reopened on it");
        }
      }
    };
  }

  /** Starts the writing thread. */
  AccessLogWriter start() {
    thread = new Thread(this::run, "berth-access-log");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Queues a line; never waits (it runs on an event loop): a full queue drops and counts it. */
  void write(String line) {
    if (!queue.offer(line)) {
      overflowed.incrementAndGet();
    }
  }

  /** Asks for what is queued to be written, then waits for it at most {@link #CLOSE_WAIT}. */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    closeAsked.set(true);
    queue.offer(WAKE);
    try {
      if (!closed.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        Say.warn("access log " + name + ": the disk did not take the last lines within "
            + DurationText.format(CLOSE_WAIT) + "; stopping without them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    StringBuilder batch = new StringBuilder();
    int lines = 0;
    try {
      while (true) {
        String line = queue.poll(1, TimeUnit.SECONDS);
        while (line != null) {
          if (!line.isEmpty()) {
            batch.append(line).append('\n');
            lines++;
          }
          line = queue.poll();
        }
        if (lines > 0) {
          emit(batch.toString(), lines);
          batch.setLength(0);
          lines = 0;
        }
        if (reopenAsked.getAndSet(false)) {
          reopen();
        }
        long dropped = overflowed.getAndSet(0);
        if (dropped > 0) {
          unwritten += dropped;
          sayDropped("the disk is not keeping up");
        }
        if (closeAsked.get() && queue.isEmpty()) {
          if (failure != null || unwritten > 0) {
            Say.warn("access log " + name + ": " + unwritten + " lines were dropped while it could not be written");
          }
          if (file != null) {
            closeQuietly(out);
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closed.countDown();
    }
  }

  /** Writes one batch; on failure counts its lines as dropped and says so at most once a minute. */
  private void emit(String text, int lines) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      if (out instanceof PrintStream stderr) {
        // Shared with berth's own lines: one lock, so lines never interleave mid-line.
        synchronized (stderr) {
          stderr.write(bytes, 0, bytes.length);
          stderr.flush();
        }
      } else {
        out.write(bytes);
        out.flush();
      }
    } catch (IOException e) {
      unwritten += lines;
      String reason = reason(e);
      if (failure == null) {
        failure = reason;
        saidAt = System.nanoTime();
        Say.warn("access log " + name + ": cannot write (" + reason + "); dropping access lines and trying again with"
            + " each new one" + (file == null ? "" : " and on SIGUSR1") + "; serving goes on");
      } else {
        sayDropped(reason);
      }
      return;
    }
    if (failure != null) {
      Say.warn("access log " + name + ": writing again; " + unwritten + " lines were dropped while it could not be written ("
          + failure + ")");
      failure = null;
      unwritten = 0;
    }
  }

  private void sayDropped(String reason) {
    long now = System.nanoTime();
    if (saidAt == 0 || now - saidAt >= SAY_EVERY_NANOS) {
      saidAt = now;
      Say.warn("access log " + name + ": " + unwritten + " lines dropped so far (" + reason + "); serving goes on");
    }
  }

  private void reopen() {
    OutputStream fresh;
    try {
      fresh = open(file);
    } catch (CommandFailure e) {
      // Keep writing where we can rather than lose lines; the next SIGUSR1 tries again.
      Say.warn("SIGUSR1: cannot reopen the access log (" + e.getMessage() + "); still writing to the old file");
      return;
    }
    closeQuietly(out);
    out = fresh;
  }

  private static void closeQuietly(OutputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // A full disk can fail the final flush too: those lines were counted when their write failed.
    }
  }

  /** The OS's words ("No space left on device"), not Java's wrapping of them. */
  private static String reason(IOException e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return String.valueOf(e.getMessage());
  }

  private static OutputStream open(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new CommandFailure(ExitCode.CONFIG, "--access-log " + file + ": is a directory; name a file", null);
      }
      return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(ExitCode.CONFIG, "--access-log " + file + ": its directory does not exist; create it"
          + " or name a file in an existing directory", e);
    } catch (AccessDeniedException e) {
      throw new CommandFailure(ExitCode.NOPERM, "--access-log " + file + ": permission denied for user "
          + System.getProperty("user.name") + "; make the file (or its directory) writable for that user", e);
    } catch (IOException e) {
      throw new CommandFailure(ExitCode.CONFIG, "--access-log " + file + ": cannot open: " + e.getMessage(), e);
    }
  }
}
