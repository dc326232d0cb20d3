package dev.berth.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one output stream of a child line by line on its own thread, so the child never blocks on a
 * full pipe and a test can read what it printed while it still runs.
 */
final class OutputCapture {
  private static final int MAX_LINES = 100_000;

  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final Thread thread;
  private int dropped;

  OutputCapture(InputStream in, String name, Consumer<String> onLine) {
    this.thread = new Thread(() -> pump(in, onLine), name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void pump(InputStream in, Consumer<String> onLine) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (this) {
          if (lines.size() == MAX_LINES) {
            lines.removeFirst();
            dropped++;
          }
          lines.add(line);
        }
        onLine.accept(line);
      }
    } catch (IOException e) {
      // stream closed: the process is gone
    }
  }

  /** Waits until the stream ended (the child and every process sharing its pipe closed it). */
  boolean awaitEnd(long millis) {
    try {
      thread.join(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized String text() {
    StringBuilder s = new StringBuilder();
    if (dropped > 0) {
      s.append("[... ").append(dropped).append(" earlier lines dropped ...]\n");
    }
    for (String line : lines) {
      s.append(line).append('\n');
    }
    return s.toString();
  }

  synchronized List<String> tail(int n) {
    List<String> all = new ArrayList<>(lines);
    return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
  }
}
