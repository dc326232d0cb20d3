package dev.berth.cli;

import dev.berth.server.ExitCode;
import dev.berth.server.internal.lifecycle.SignalTrap;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes access-log lines off the event loop: one thread takes them from a bounded queue,
 * writes as many as are waiting and flushes once per batch. A full queue makes the event
 * loop wait (as nginx's synchronous write does) rather than drop lines. For a file, SIGUSR1
 * reopens it by name: logrotate renames the file, signals, and new lines go to a new file.
 */
final class AccessLogWriter implements AutoCloseable {

  private static final Object REOPEN = new Object();
  private static final Object CLOSE = new Object();

  private final Path file;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8192);
  private final CountDownLatch closed = new CountDownLatch(1);
  private OutputStream out;
  private Thread thread;

  private AccessLogWriter(Path file, OutputStream out) {
    this.file = file;
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

  /** Starts the writing thread and, for a file, the SIGUSR1 handler. */
  AccessLogWriter start() {
    if (file != null) {
      try {
        SignalTrap.handle("USR1", (name, number) -> queue.offer(REOPEN));
      } catch (IllegalArgumentException e) {
        Say.warn("cannot handle SIGUSR1 (" + e.getMessage() + "); --access-log " + file + " will not be reopened on it");
      }
    }
    thread = new Thread(this::run, "berth-access-log");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  void write(String line) {
    try {
      queue.put(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued, then stops; waits up to five seconds for the disk. */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    try {
      queue.put(CLOSE);
      closed.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    StringBuilder batch = new StringBuilder();
    try {
      while (true) {
        Object item = queue.take();
        while (item instanceof String line) {
          batch.append(line).append('\n');
          item = queue.poll();
        }
        if (batch.length() > 0) {
          emit(batch.toString());
          batch.setLength(0);
        }
        if (item == REOPEN) {
          reopen();
        } else if (item == CLOSE) {
          if (file != null) {
            out.close();
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      Say.error("access log " + (file == null ? "stderr" : file.toString()) + ": cannot write (" + e.getMessage()
          + "); no further access lines", null);
    } finally {
      closed.countDown();
    }
  }

  private void emit(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
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
  }

  private void reopen() throws IOException {
    if (file == null) {
      return;
    }
    OutputStream fresh;
    try {
      fresh = open(file);
    } catch (CommandFailure e) {
      // Keep writing where we can rather than lose lines; the next SIGUSR1 tries again.
      Say.warn("SIGUSR1: cannot reopen the access log (" + e.getMessage() + "); still writing to the old file");
      return;
    }
    out.close();
    out = fresh;
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
