package dev.berth.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Refuses to start a command made by {@link Privilege#asUnprivileged} in a working directory its
 * user cannot enter and read. Such a child fails for the wrong reason (a JVM cannot even start;
 * other programs fail on their first relative path), and a test that checks only a non-zero exit
 * code would pass vacuously — as it did with a 0700 {@code @TempDir}. Asked of the OS itself, as
 * that user, so modes, ownership and ACLs all count.
 */
final class UnprivilegedWorkingDirectory {
  private UnprivilegedWorkingDirectory() {}

  /** Throws {@link IllegalStateException} if {@code command} runs as another user who cannot use {@code dir}. */
  static void check(List<String> command, Path dir) {
    List<String> prefix = setprivPrefix(command);
    if (prefix.isEmpty()) {
      return;
    }
    Path where = (dir == null ? Path.of("") : dir).toAbsolutePath();
    List<String> probe = new ArrayList<>(prefix);
    probe.addAll(List.of("sh", "-c", "cd -- \"$1\" && test -r . && test -x .", "sh", where.toString()));
    String said;
    int code;
    try {
      Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
      said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return; // cannot tell on a machine this slow: let the child show what happens
      }
      code = p.exitValue();
    } catch (IOException e) {
      return; // setpriv itself cannot run: the child will fail on that, visibly
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (code != 0) {
      throw new IllegalStateException(user(prefix) + " cannot enter and read the working directory " + where
          + (said.isEmpty() ? "" : " (" + said.replace('\n', ' ') + ")")
          + ": give ServerProcess.Builder.directory(...) a directory it can read, e.g. the one from"
          + " Privilege.worldReadableCopy(...), or Privilege.worldReadableDirectory()");
    }
  }

  /** The {@code setpriv ... --clear-groups} part of a command from {@link Privilege#asUnprivileged}, else empty. */
  private static List<String> setprivPrefix(List<String> command) {
    if (command.isEmpty() || !command.get(0).equals("setpriv")) {
      return List.of();
    }
    int end = command.indexOf("--clear-groups");
    return end < 0 ? List.of() : command.subList(0, end + 1);
  }

  private static String user(List<String> prefix) {
    for (String arg : prefix) {
      if (arg.startsWith("--reuid=")) {
        return arg.substring("--reuid=".length());
      }
    }
    return "the unprivileged user";
  }
}
