package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Name lookups that never leave the machine, in one call, for a test of "host does not resolve":
 * the system resolver sends a {@code .invalid} query to the host's DNS server, off the machine.
 *
 * <ul>
 *   <li>A JVM server resolves through the JDK, which can read a hosts file instead of asking
 *       glibc: {@link #jvmOption()} is {@code -Djdk.net.hosts.file=<empty file>}, after which every
 *       name but {@code localhost} fails at once with no packet sent (checked with strace).
 *   <li>Any other server resolves through glibc, which always asks port 53 of the servers in
 *       /etc/resolv.conf. {@link #namespace()} + {@link #wrap(List)} run it in a private network
 *       and mount namespace ({@code unshare --net --mount}) where loopback is brought up (it starts
 *       DOWN there, so a responder would never be asked and the test would pass vacuously), a
 *       resolv.conf naming 127.0.0.1 is bind-mounted over /etc/resolv.conf (and an nsswitch.conf
 *       whose hosts line is {@code files dns} over /etc/nsswitch.conf), and an NXDOMAIN
 *       responder listens on 127.0.0.1:53. {@link #assertQueried(String)} then proves the lookup
 *       really reached it. Needs root (or a user namespace), {@code unshare} and {@code ip}; see
 *       {@link #namespaceUnavailable()}.
 * </ul>
 */
public final class OfflineDns implements AutoCloseable {
  private static final String SCRIPT = String.join("\n",
      "set -e",
      "dir=$1; java=$2; cp=$3; shift 3",
      "ip link set lo up",
      "mount --bind \"$dir/resolv.conf\" /etc/resolv.conf",
      "if [ -e \"$dir/nsswitch.conf\" ]; then mount --bind \"$dir/nsswitch.conf\" /etc/nsswitch.conf; fi",
      "\"$java\" -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto -XX:+UseSerialGC -cp \"$cp\" "
          + NamespaceResponderMain.class.getName() + " \"$dir/queries\" \"$dir/ready\" >\"$dir/responder.log\" 2>&1 &",
      "i=0",
      "while [ ! -s \"$dir/ready\" ]; do",
      "  i=$((i + 1))",
      "  if [ $i -gt 2400 ] || ! kill -0 $! 2>/dev/null; then",
      "    echo \"berth-testkit OfflineDns: the NXDOMAIN responder did not start: $(cat \"$dir/responder.log\")\" >&2",
      "    exit 125",
      "  fi",
      "  sleep 0.05",
      "done",
      "exec \"$@\"");
  private static volatile Optional<String> unavailable;
  private static volatile Path emptyHosts;

  private final Path dir;

  private OfflineDns(Path dir) {
    this.dir = dir;
  }

  /**
   * {@code -Djdk.net.hosts.file=<an empty file>} for a JVM server's command line (e.g. {@code
   * JavaCommand.builder().jvmArg(OfflineDns.jvmOption())}): the JDK then resolves from that file
   * only, so a {@code .invalid} name fails at once and no query leaves the machine. {@code
   * localhost} still resolves (the JDK answers it itself). A JVM server that has its own DNS
   * client (Netty's, Vert.x's for outgoing connections) bypasses this: point that at an {@link
   * NxdomainResponder} instead.
   */
  public static String jvmOption() {
    Path file = emptyHosts;
    if (file == null) {
      synchronized (OfflineDns.class) {
        file = emptyHosts;
        if (file == null) {
          file = newEmptyHostsFile();
          emptyHosts = file;
        }
      }
    }
    return "-Djdk.net.hosts.file=" + file;
  }

  private static Path newEmptyHostsFile() {
    try {
      Path dir = Privilege.worldReadableDirectory();
      Path file = Files.createFile(dir.resolve("hosts"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create an empty hosts file: " + e.getMessage(), e);
    }
  }

  /**
   * Empty if {@link #namespace()} works here (checked once per JVM by really creating such a
   * namespace and bringing its loopback up), otherwise why not, for a test to skip with.
   */
  public static Optional<String> namespaceUnavailable() {
    Optional<String> r = unavailable;
    if (r == null) {
      synchronized (OfflineDns.class) {
        r = unavailable;
        if (r == null) {
          r = probeNamespace();
          unavailable = r;
        }
      }
    }
    return r;
  }

  private static Optional<String> probeNamespace() {
    List<String> probe = List.of("unshare", "--net", "--mount", "sh", "-c",
        "ip link set lo up && test -e /etc/resolv.conf && mount --bind /etc/resolv.conf /etc/resolv.conf");
    try {
      Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("unshare --net --mount did not finish within 60 s");
      }
      return p.exitValue() == 0 ? Optional.empty() : Optional.of("cannot set up a private network and mount"
          + " namespace here (unshare --net --mount, ip link set lo up, mount --bind over /etc/resolv.conf"
          + " exited " + p.exitValue() + "): " + said.replace('\n', ' '));
    } catch (IOException e) {
      return Optional.of("cannot run unshare (util-linux) and ip (iproute2): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while probing for namespaces");
    }
  }

  /**
   * Prepares a namespace setup for one server: a world-readable directory with the resolv.conf
   * to mount. Nothing runs until the {@link #wrap(List) wrapped} command starts. Throws {@link
   * IllegalStateException} with the reason where {@link #namespaceUnavailable()} is not empty.
   */
  public static OfflineDns namespace() {
    namespaceUnavailable().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    Path dir = Privilege.worldReadableDirectory();
    try {
      Path conf = Files.writeString(dir.resolve("resolv.conf"), "# berth-testkit OfflineDns: the NXDOMAIN responder"
          + " in this namespace\nnameserver 127.0.0.1\noptions timeout:2 attempts:1\n", StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
      writeNsswitch(dir);
    } catch (IOException e) {
      WorldReadableCopy.delete(dir);
      throw new UncheckedIOException("cannot write resolv.conf in " + dir + ": " + e.getMessage(), e);
    }
    return new OfflineDns(dir);
  }

  /**
   * The host's nsswitch.conf with its hosts line replaced by {@code files dns}: a module such as
   * {@code resolve} (systemd-resolved, asked over a unix socket that the namespace does not cut
   * off) or {@code mdns} would otherwise take the query off the machine. Other databases (passwd
   * for setpriv's user) stay as they are. Nothing to do where there is no nsswitch.conf (musl).
   */
  private static void writeNsswitch(Path dir) throws IOException {
    Path host = Path.of("/etc/nsswitch.conf");
    if (!Files.isRegularFile(host)) {
      return;
    }
    StringBuilder text = new StringBuilder("# berth-testkit OfflineDns: hosts from /etc/hosts, then the responder\n");
    boolean hosts = false;
    for (String line : Files.readAllLines(host, StandardCharsets.UTF_8)) {
      boolean isHosts = line.stripLeading().startsWith("hosts:");
      text.append(isHosts ? "hosts: files dns" : line).append('\n');
      hosts |= isHosts;
    }
    if (!hosts) {
      text.append("hosts: files dns\n");
    }
    Path file = Files.writeString(dir.resolve("nsswitch.conf"), text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }

  /**
   * {@code command}, run inside the prepared namespace once the responder answers there. The
   * process keeps {@code command}'s pid (the setup shell execs it), so signals reach the server;
   * the responder exits with it. The server is not reachable from the test JVM (its network is
   * private): use this for failures, not for serving.
   */
  public List<String> wrap(List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("unshare", "--net", "--mount", "sh", "-c", SCRIPT, "sh",
        dir.toString(), JavaCommand.javaExecutable(), Classpath.locationOf(NamespaceResponderMain.class).toString()));
    cmd.addAll(command);
    return List.copyOf(cmd);
  }

  /** The names the namespace's responder was asked for so far, in order, without the trailing dot. */
  public List<String> queriedNames() {
    Path file = dir.resolve("queries");
    try {
      return Files.exists(file) ? List.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8)) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Fails unless the responder was asked for {@code name}: proof that the server's lookup stayed
   * in the namespace and got its NXDOMAIN from us, rather than failing for some other reason.
   */
  public void assertQueried(String name) {
    List<String> asked = queriedNames();
    if (!asked.contains(name)) {
      throw new AssertionError("the NXDOMAIN responder on 127.0.0.1:53 in the namespace was never asked for " + name
          + " (it was asked for " + asked + "): the server did not look it up, or its lookup went elsewhere"
          + " (a resolver that ignores /etc/resolv.conf?), so a failure it reported is not from DNS");
    }
  }

  /** Deletes the setup's directory; safe to call twice. */
  @Override
  public void close() {
    WorldReadableCopy.delete(dir);
  }

  @Override
  public String toString() {
    return "OfflineDns[namespace " + dir + "]";
  }
}
