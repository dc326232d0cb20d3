package dev.berth.server.internal.inherit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sockets systemd says it passed, read from {@code LISTEN_PID}, {@code LISTEN_FDS} and
 * {@code LISTEN_FDNAMES} the way sd_listen_fds(3) does: the variables count only when
 * {@code LISTEN_PID} is this process (a child that merely inherited the environment must
 * not take its parent's sockets), and the sockets are descriptors 3, 4, ... in order.
 *
 * <p>Read only when an endpoint asks for {@code systemd} or {@code systemd:NAME}.
 */
public final class ListenFds {

  /** The first passed descriptor (SD_LISTEN_FDS_START). */
  public static final int FIRST = 3;

  /** One passed socket: its descriptor and its {@code FileDescriptorName=} ("unknown" when unnamed). */
  public record Passed(int fd, String name) {}

  private final List<Passed> passed;

  private ListenFds(List<Passed> passed) {
    this.passed = List.copyOf(passed);
  }

  private static volatile java.util.function.Supplier<Map<String, String>> source = System::getenv;

  /** The LISTEN_* variables: from the environment, unless a launcher moved them elsewhere. */
  public static Map<String, String> environment() {
    return source.get();
  }

  /**
   * Where the LISTEN_* variables come from in this process: a launcher that moves them out of
   * the environment (so that the application and its children do not inherit them) says where.
   */
  public static void environmentFrom(java.util.function.Supplier<Map<String, String>> variables) {
    source = java.util.Objects.requireNonNull(variables, "variables");
  }

  /** The sockets passed, in order. */
  public List<Passed> passed() {
    return passed;
  }

  /**
   * Reads the variables for process {@code pid}.
   *
   * @throws InheritedProblem naming the variable and what is wrong with it
   */
  public static ListenFds read(Map<String, String> env, long pid) {
    String pidText = env.get("LISTEN_PID");
    String fdsText = env.get("LISTEN_FDS");
    if (fdsText == null || fdsText.isBlank()) {
      throw new InheritedProblem(null, 0, "LISTEN_FDS is not set: no socket was passed to this process",
          "start berth from a systemd .socket unit (or systemd-socket-activate), or bind an address instead");
    }
    if (pidText == null || pidText.isBlank()) {
      throw new InheritedProblem(null, 0, "LISTEN_FDS is set but LISTEN_PID is not, so the sockets may be meant for another process",
          "let systemd (or the parent) set LISTEN_PID to berth's own pid; a launcher script must exec java");
    }
    long listenPid = number("LISTEN_PID", pidText);
    if (listenPid != pid) {
      throw new InheritedProblem(null, 0, "LISTEN_PID=" + pidText + " is not this process (pid " + pid + "): the sockets were passed to another process",
          "a launcher script must exec java so that berth keeps the pid systemd started");
    }
    long count = number("LISTEN_FDS", fdsText);
    if (count < 1 || count > 4096) {
      throw new InheritedProblem(null, 0, "LISTEN_FDS=" + fdsText + " passes no usable socket", "check the .socket unit's Listen*= lines");
    }
    String namesText = env.get("LISTEN_FDNAMES");
    String[] names = namesText == null || namesText.isEmpty() ? new String[0] : namesText.split(":", -1);
    List<Passed> passed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      passed.add(new Passed(FIRST + i, i < names.length && !names[i].isEmpty() ? names[i] : "unknown"));
    }
    return new ListenFds(passed);
  }

  private static long number(String variable, String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new InheritedProblem(null, 0, variable + "=" + text + " is not a number", "check what set " + variable);
    }
  }
}
