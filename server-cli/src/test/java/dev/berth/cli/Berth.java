package dev.berth.cli;

import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Launches the real berth CLI in a child JVM (the only way to see its exit status). */
final class Berth {

  /**
   * Generous on purpose: a child needs about 0.8 s of CPU before its first line, and on a busy
   * 2-core machine (a build beside it, another core taken by something else) it can wait for a CPU
   * many times that long. A real hang still fails, with both of the child's streams shown.
   */
  static final Duration START = Duration.ofSeconds(90);
  static final Duration EXIT = Duration.ofSeconds(60);
  static final String READY = "berth: listening on ";
  private static final Pattern URL = Pattern.compile("berth: listening on http://(\\S+):(\\d+)$");

  private Berth() {}

  /**
   * Flags that make a short-lived child JVM start faster (none changes behaviour), plus the
   * hostile-stack flags this test JVM was given ({@code -Dberth.test.jvmArgs=...}, e.g.
   * {@code -Djava.net.preferIPv4Stack=true}), so the child runs under them too.
   */
  static JavaCommand.Builder java() {
    JavaCommand.Builder java = JavaCommand.builder()
        .jvmArg("-XX:TieredStopAtLevel=1").jvmArg("-XX:-UsePerfData").jvmArg("-Xshare:auto")
        // as bin/berth runs it; also six fewer threads than G1 competing for the cores
        .jvmArg("-XX:+UseSerialGC");
    for (String flag : testJvmArgs()) {
      java.jvmArg(flag);
    }
    return java.main(Main.class.getName());
  }

  /**
   * The flags of {@code -Dberth.test.jvmArgs} (surefire puts them on this JVM's command line),
   * and the IPv4/IPv6 stack preferences this JVM runs with even when set some other way.
   */
  static List<String> testJvmArgs() {
    List<String> flags = new ArrayList<>();
    String given = System.getProperty("berth.test.jvmArgs", "").trim();
    if (!given.isEmpty()) {
      flags.addAll(List.of(given.split("\\s+")));
    }
    for (String stack : List.of("java.net.preferIPv4Stack", "java.net.preferIPv6Addresses")) {
      String value = System.getProperty(stack);
      if (value != null && flags.stream().noneMatch(f -> f.startsWith("-D" + stack + "="))) {
        flags.add("-D" + stack + "=" + value);
      }
    }
    return flags;
  }

  static List<String> command(String... args) {
    return java().args(args).build();
  }

  static List<String> command(List<String> args) {
    return command(args.toArray(String[]::new));
  }

  /** {@code prefix + command}, e.g. prlimit or setpriv in front of java. */
  static List<String> prefixed(List<String> prefix, List<String> command) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(command);
    return all;
  }

  static ServerProcess serve(String... args) {
    List<String> all = new ArrayList<>(List.of("serve"));
    all.addAll(List.of(args));
    return ServerProcess.command(command(all)).readyWhenStderrMatches(READY).start();
  }

  /** Runs to completion. */
  static ServerProcess run(String... args) {
    ServerProcess p = ServerProcess.command(command(args)).start();
    p.awaitExit(EXIT);
    return p;
  }

  /** The ports of the "listening on http://..." lines, in order. */
  static List<Integer> listeningPorts(ServerProcess p) {
    List<Integer> ports = new ArrayList<>();
    for (String line : p.stderrLines()) {
      Matcher m = URL.matcher(line);
      if (m.find()) {
        ports.add(Integer.parseInt(m.group(2)));
      }
    }
    return ports;
  }

  /**
   * Whether a child berth can use ::1: the host has it, and the JVMs do not run IPv4-only
   * ({@code -Djava.net.preferIPv4Stack=true}, which children inherit through {@link #java()}).
   */
  static boolean ipv6Usable() {
    return hasIpv6Loopback() && !Boolean.getBoolean("java.net.preferIPv4Stack");
  }

  /** Whether ::1 exists on this host (read from the kernel, whatever this JVM's IPv4/IPv6 flags). */
  static boolean hasIpv6Loopback() {
    try {
      return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/if_inet6")).stream()
          .anyMatch(l -> l.startsWith("00000000000000000000000000000001"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * Whether this JVM ignores SIGINT, which its children then inherit (a background job of a
   * non-interactive shell): no program can handle a signal it was started ignoring.
   */
  static boolean sigintIgnoredHere() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // not Linux: assume the default disposition
    }
    return false;
  }
}
