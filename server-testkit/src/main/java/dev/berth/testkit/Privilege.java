package dev.berth.testkit;

import dev.berth.testkit.internal.BindProbeMain;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes "permission denied" testable when the test runs as root, where privileged ports bind fine
 * and such a test would pass vacuously: runs commands as {@code nobody} through {@code setpriv},
 * copies class paths where {@code nobody} can read them, and checks up front that the OS really
 * refuses an unprivileged bind of a low port. Linux only.
 */
public final class Privilege {
  private static final String UNPRIVILEGED_USER = "nobody";
  private static volatile Optional<String> refusal;

  private Privilege() {}

  /** True if this process runs with effective uid 0. */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall back on the name
    }
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * {@code command} prefixed with {@code setpriv --reuid=nobody --regid=nogroup --clear-groups}
   * when running as root; unchanged otherwise (the current user is already unprivileged).
   */
  public static List<String> asUnprivileged(List<String> command) {
    if (!isRoot()) {
      return List.copyOf(command);
    }
    List<String> cmd = new ArrayList<>(List.of(
        "setpriv", "--reuid=" + UNPRIVILEGED_USER, "--regid=" + unprivilegedGroup(), "--clear-groups"));
    cmd.addAll(command);
    return List.copyOf(cmd);
  }

  private static String unprivilegedGroup() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/group"))) {
        if (line.startsWith("nogroup:")) {
          return "nogroup";
        }
      }
    } catch (IOException e) {
      // fall through to Fedora's name
    }
    return "nobody";
  }

  /**
   * Empty if an unprivileged process is really refused a bind of a privileged port on 127.0.0.1
   * (checked once per JVM by running a tiny Java probe as {@code nobody} when root), so a
   * permission test is meaningful; otherwise the reason it cannot be arranged here.
   */
  public static Optional<String> privilegedBindRefusal() {
    Optional<String> r = refusal;
    if (r == null) {
      synchronized (Privilege.class) {
        r = refusal;
        if (r == null) {
          r = probeRefusal();
          refusal = r;
        }
      }
    }
    return r;
  }

  private static Optional<String> probeRefusal() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.of("privileged ports are only checked on Linux, this is " + System.getProperty("os.name"));
    }
    int unprivilegedStart = unprivilegedPortStart();
    if (unprivilegedStart <= 1) {
      return Optional.of("net.ipv4.ip_unprivileged_port_start=" + unprivilegedStart + " lets anyone bind low ports");
    }
    boolean root = isRoot();
    if (root && !onPath("setpriv")) {
      return Optional.of("running as root and setpriv unavailable (install util-linux)");
    }
    int port = root ? firstFreePort(unprivilegedStart) : 1;
    if (port < 0) {
      return Optional.of("no free port below " + unprivilegedStart + " on 127.0.0.1 to probe");
    }
    Path copy = worldReadableCopy(List.of(testkitLocation()));
    List<String> probe = JavaCommand.builder()
        .jvmArg("-XX:-UsePerfData").jvmArg("-XX:TieredStopAtLevel=1").jvmArg("-Xshare:auto")
        .classpath(classpathOf(copy))
        .main(BindProbeMain.class.getName()).args("127.0.0.1", Integer.toString(port))
        .build();
    try (ServerProcess p = ServerProcess.command(asUnprivileged(probe)).directory(copy).start()) {
      int code = p.awaitExit(Duration.ofSeconds(60));
      String said = (p.stdout() + p.stderr()).trim().replace('\n', ' ');
      String line = code == 0 && !p.stdoutLines().isEmpty() ? p.stdoutLines().get(0) : "";
      String verdict = line.startsWith("REFUSED ") && line.contains("Permission denied") ? "DENIED" : line.split(" ", 2)[0];
      switch (verdict) {
        case "DENIED":
          return Optional.empty();
        case "BOUND":
          return Optional.of("an unprivileged process was allowed to bind 127.0.0.1:" + port
              + " (CAP_NET_BIND_SERVICE or a permissive sandbox?)");
        default:
          return Optional.of("the unprivileged bind probe failed (exit " + code + "): " + said);
      }
    } catch (AssertionError | RuntimeException e) {
      return Optional.of("cannot run the unprivileged bind probe: " + e.getMessage());
    } finally {
      deleteCopy(copy);
    }
  }

  private static int unprivilegedPortStart() {
    try {
      // readAllLines, not readString: procfs reports size 0 and readString returns only the first byte
      return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).get(0).trim());
    } catch (IOException | NumberFormatException e) {
      return 1024;
    }
  }

  private static int firstFreePort(int below) {
    for (int port = 1; port < below; port++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", port), 1);
        return port;
      } catch (IOException e) {
        // taken: try the next one
      }
    }
    return -1;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  static Path testkitLocation() {
    return Classpath.locationOf(Privilege.class);
  }

  /**
   * Copies jars and class directories into a new world-readable directory under {@code
   * java.io.tmpdir} (directories 0755, files 0644), so a JVM run as {@code nobody} can read them
   * even when the originals live under root's home. Entries keep their order as {@code
   * NN-name}; pass the result to {@link #classpathOf(Path)}. The copy is deleted when this JVM
   * exits; delete it sooner with {@link #deleteCopy(Path)}.
   */
  public static Path worldReadableCopy(List<Path> classpath) {
    return WorldReadableCopy.of(classpath);
  }

  /** The class path string for a {@link #worldReadableCopy(List)} directory, in original order. */
  public static String classpathOf(Path copy) {
    return WorldReadableCopy.classpathOf(copy);
  }

  /**
   * A new, empty directory under {@code java.io.tmpdir} that {@code nobody} can enter and read
   * (0755): the working directory for a command run through {@link #asUnprivileged(List)} when it
   * needs no class path copy (a non-Java server). {@link ServerProcess} refuses to start such a
   * command in a directory its user cannot use (a {@code @TempDir} is 0700). Deleted when this JVM
   * exits; sooner with {@link #deleteCopy(Path)}.
   */
  public static Path worldReadableDirectory() {
    return WorldReadableCopy.of(List.of());
  }

  /** Deletes a {@link #worldReadableCopy(List)} or {@link #worldReadableDirectory()} directory now. */
  public static void deleteCopy(Path copy) {
    WorldReadableCopy.delete(copy);
  }

}
