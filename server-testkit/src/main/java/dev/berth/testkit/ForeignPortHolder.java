package dev.berth.testkit;

import dev.berth.testkit.internal.HoldPortMain;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds a TCP port from another process, so a test sees "address in use" the way production does
 * (someone else's process owns the port) and can check that a server names the holder's pid. The
 * child is a small Java program from this jar, run with this JVM's {@code java}; it verifies its
 * hold like {@link PortHolder} and exits when closed or when this JVM dies. Thread-safe.
 */
public final class ForeignPortHolder implements AutoCloseable {
  private static final Pattern HOLDING = Pattern.compile("^HOLDING (\\d+)$");
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final ServerProcess child;
  private final String endpoint;
  private final int port;

  private ForeignPortHolder(ServerProcess child, String endpoint, int port) {
    this.child = child;
    this.endpoint = endpoint;
    this.port = port;
  }

  /** Starts a child process holding {@code host:port} (0 = ephemeral) and waits until it holds. */
  public static ForeignPortHolder hold(String host, int port) {
    List<String> cmd = JavaCommand.builder()
        .jvmArg("-XX:-UsePerfData").jvmArg("-XX:TieredStopAtLevel=1").jvmArg("-Xshare:auto")
        .classpath(Privilege.testkitLocation().toString())
        .main(HoldPortMain.class.getName()).args(host, Integer.toString(port))
        .build();
    ServerProcess child = ServerProcess.command(cmd).readyWhenStdoutMatches(HOLDING.pattern()).start();
    try {
      child.awaitReady(STARTUP);
    } catch (AssertionError e) {
      child.close();
      throw new IllegalStateException("child process could not hold " + host + ":" + port + ": " + e.getMessage(), e);
    }
    int held = heldPort(child).orElseThrow();
    String literal = Hosts.literal(resolve(host));
    String endpoint = (literal.contains(":") ? "[" + literal + "]" : literal) + ":" + held;
    return new ForeignPortHolder(child, endpoint, held);
  }

  private static java.net.InetAddress resolve(String host) {
    try {
      return java.net.InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("host " + host + " does not resolve", e);
    }
  }

  private static Optional<Integer> heldPort(ServerProcess child) {
    for (String line : child.stdoutLines()) {
      Matcher m = HOLDING.matcher(line);
      if (m.matches()) {
        return Optional.of(Integer.parseInt(m.group(1)));
      }
    }
    return Optional.empty();
  }

  /** The held port. */
  public int port() {
    return port;
  }

  /** Canonical endpoint text: {@code 127.0.0.1:P}, {@code [::1]:P}. */
  public String endpoint() {
    return endpoint;
  }

  /** The pid of the process holding the port. */
  public long pid() {
    return child.pid();
  }

  /** True while the child holds the port. */
  public boolean isAlive() {
    return child.isAlive();
  }

  /** Kills the holder process and waits for it; safe to call twice. */
  @Override
  public void close() {
    child.close();
  }

  @Override
  public String toString() {
    return "ForeignPortHolder[" + endpoint + " pid " + pid() + "]";
  }
}
