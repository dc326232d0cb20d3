package dev.berth.cli;

import dev.berth.server.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Kubernetes shows a container's termination message ({@code kubectl describe pod}, the pod's
 * {@code lastState.terminated.message}), read from {@code /dev/termination-log}; a log line
 * alone stays in a log nobody reads. So when berth exits with one of the contract's failure
 * codes, the error lines it printed go there too: the file when it exists and is writable (as
 * in every Kubernetes container), a file named by {@code --termination-log}, or nowhere with
 * {@code --termination-log none}. The exit code is never changed by this.
 */
final class TerminationLog {

  static final Path KUBERNETES_DEFAULT = Path.of("/dev/termination-log");

  /** The kubelet reads the first 4096 bytes of the file; the newest lines are kept within that. */
  static final int MAX_BYTES = 4096;

  private static final Deque<String> lines = new ArrayDeque<>();
  private static int bytes;
  private static volatile String choice;

  private TerminationLog() {}

  /** The {@code --termination-log} value: a path, {@code none}, or null for the Kubernetes default. */
  static void use(String option) {
    choice = option;
  }

  /** Forgets the lines and the option (tests run many commands in one JVM). */
  static synchronized void reset() {
    lines.clear();
    bytes = 0;
    choice = null;
  }

  /** An error line as printed (the default text format, with its {@code berth: } prefix). */
  static synchronized void remember(String line) {
    String one = OutcomeLines.oneLine(line);
    lines.addLast(one);
    bytes += size(one);
    while (bytes > MAX_BYTES && lines.size() > 1) {
      bytes -= size(lines.removeFirst());
    }
  }

  /**
   * At the process's exit: writes the remembered lines when {@code status} is a failure code of
   * the contract and there is somewhere to write them; returns {@code status} unchanged.
   */
  static int atExit(int status) {
    if (!isContractFailure(status)) {
      return status;
    }
    Path target;
    try {
      target = target();
    } catch (InvalidPathException e) {
      Say.warn("cannot write the termination log: --termination-log " + e.getMessage());
      return status;
    }
    if (target == null) {
      return status;
    }
    String text;
    synchronized (TerminationLog.class) {
      if (lines.isEmpty()) {
        return status;
      }
      text = String.join("\n", lines) + "\n";
    }
    byte[] content = text.getBytes(StandardCharsets.UTF_8);
    try {
      // Written in place, never renamed: /dev is not writable, the file is a mount.
      Files.write(target, content.length > MAX_BYTES ? Arrays.copyOf(content, MAX_BYTES) : content,
          StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      Say.warn("cannot write the termination log " + target + ": " + OutcomeLines.oneLine(String.valueOf(e.getMessage()))
          + "; the exit code still says why berth stopped (--termination-log none to skip it)");
    }
    return status;
  }

  /** Where to write, or null: the option's path; by default the Kubernetes file, only when it is there and writable. */
  private static Path target() {
    String option = choice;
    if (option == null) {
      return Files.isWritable(KUBERNETES_DEFAULT) && !Files.isDirectory(KUBERNETES_DEFAULT) ? KUBERNETES_DEFAULT : null;
    }
    return option.equals("none") || option.isEmpty() ? null : Path.of(option);
  }

  private static boolean isContractFailure(int status) {
    for (ExitCode code : ExitCode.values()) {
      if (code != ExitCode.OK && code.code() == status) {
        return true;
      }
    }
    return false;
  }

  private static int size(String line) {
    return line.getBytes(StandardCharsets.UTF_8).length + 1;
  }
}
