package dev.berth.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link ServerProcess#awaitReady} waits for, kept apart so the harness reads as lifecycle only:
 * any one configured condition (a file, a stderr or stdout line) makes the process ready, and the
 * line that matched is kept for {@link ServerProcess#readyMatch()}. Immutable but for the match.
 */
final class Readiness {
  private final Path file;
  private final Pattern stderr;
  private final Pattern stdout;
  private final CountDownLatch matched = new CountDownLatch(1);
  private volatile MatchResult match;

  Readiness() {
    this(null, null, null);
  }

  private Readiness(Path file, Pattern stderr, Pattern stdout) {
    this.file = file;
    this.stderr = stderr;
    this.stdout = stdout;
  }

  Readiness withFile(Path f) {
    return new Readiness(f, stderr, stdout);
  }

  Readiness withStderr(Pattern p) {
    return new Readiness(file, p, stdout);
  }

  Readiness withStdout(Pattern p) {
    return new Readiness(file, stderr, p);
  }

  void stderrLine(String line) {
    lineFrom(stderr, line);
  }

  void stdoutLine(String line) {
    lineFrom(stdout, line);
  }

  private synchronized void lineFrom(Pattern pattern, String line) {
    if (pattern == null || match != null) {
      return;
    }
    Matcher m = pattern.matcher(line);
    if (m.find()) {
      match = m.toMatchResult();
      matched.countDown();
    }
  }

  Optional<MatchResult> match() {
    return Optional.ofNullable(match);
  }

  boolean isReady() {
    if (matched.getCount() == 0) {
      return true;
    }
    if (file != null && Files.exists(file)) {
      return true;
    }
    return isUnconditional();
  }

  boolean isUnconditional() {
    return file == null && stderr == null && stdout == null;
  }

  void await(long millis) {
    try {
      matched.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for readiness", e);
    }
  }

  String describe() {
    List<String> parts = new ArrayList<>();
    if (file != null) {
      parts.add("file " + file + " exists");
    }
    if (stderr != null) {
      parts.add("stderr matches /" + stderr.pattern() + "/");
    }
    if (stdout != null) {
      parts.add("stdout matches /" + stdout.pattern() + "/");
    }
    return parts.isEmpty() ? "no readiness condition" : "waiting for " + String.join(" or ", parts);
  }
}
