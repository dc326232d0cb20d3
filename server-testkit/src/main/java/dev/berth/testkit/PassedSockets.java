package dev.berth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Starts any command with sockets passed the way systemd passes them (descriptors 3, 4, ...,
 * {@code LISTEN_FDS}, {@code LISTEN_PID} = the command's own pid, {@code LISTEN_FDNAMES}), and
 * the ways a broken parent passes them (a UDP socket, a socket that is not listening, the pid
 * of another process, fewer sockets than announced), so a server's socket-activation checks
 * can be tested with real descriptors.
 *
 * <p>Java's {@code ProcessBuilder} passes no descriptor above 2, so the passing is done by a
 * small python3 shim that creates the sockets, places them and execs the command. It needs
 * {@code python3} on the PATH: {@link #unavailableReason()} says when it is missing, for an
 * assumption. The shim stays as the command's parent (a {@link ServerProcess} around it is the
 * shim: {@link #pidOfRun} gives the command's pid), holds the sockets, forwards SIGTERM and
 * SIGINT, exits with the command's status, and prints {@code pass-sockets: started pid N run K}
 * on stdout for every start; with {@link Builder#runs(int)} above 1 it runs the command again
 * each time it exits (like systemd's {@code Restart=always}). For the good case straight from systemd's own tool, see
 * {@link #systemdSocketActivate(Path, String, List)}.
 *
 * <pre>{@code
 * PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").build();
 * ServerProcess server = ServerProcess.command(sockets.command(List.of("my-server"))).start();
 * int port = sockets.inetAddress(0, Duration.ofSeconds(10)).getPort();
 * }</pre>
 */
public final class PassedSockets implements AutoCloseable {

  private final List<String> options;
  private final Path dir;
  private final Path addresses;

  private PassedSockets(Builder b) {
    try {
      dir = Files.createTempDirectory("berth-passed-");
      Path shim = dir.resolve("pass-sockets.py");
      try (InputStream in = PassedSockets.class.getResourceAsStream("pass-sockets.py")) {
        Files.copy(in, shim);
      }
      addresses = dir.resolve("addresses.json");
      options = new ArrayList<>(List.of("python3", shim.toString()));
      options.addAll(b.options);
      options.addAll(List.of("--addresses", addresses.toString(), "--runs", String.valueOf(b.runs)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A builder; add sockets in descriptor order (the first becomes descriptor 3). */
  public static Builder builder() {
    return new Builder();
  }

  /** Why sockets cannot be passed here (no python3), or empty when they can. */
  public static Optional<String> unavailableReason() {
    return onPath("python3") ? Optional.empty()
        : Optional.of("python3 is not on the PATH: PassedSockets needs it to place descriptors above 2 (Java's ProcessBuilder cannot)");
  }

  /** Why systemd-socket-activate cannot be used here, or empty when it can. */
  public static Optional<String> systemdSocketActivateUnavailableReason() {
    return onPath("systemd-socket-activate") ? Optional.empty()
        : Optional.of("systemd-socket-activate is not on the PATH (Debian: apt-get install systemd)");
  }

  /**
   * systemd's own tool in front of {@code command}: it listens on the unix socket
   * {@code socket}, and on the first connection execs the command with that socket as
   * descriptor 3 named {@code name}. (It takes no port 0, hence a socket path.)
   */
  public static List<String> systemdSocketActivate(Path socket, String name, List<String> command) {
    List<String> all = new ArrayList<>(List.of("systemd-socket-activate", "-l", socket.toString(), "--fdname=" + name, "--"));
    all.addAll(command);
    return all;
  }

  /** The shim and its options in front of {@code command}. */
  public List<String> command(List<String> command) {
    List<String> all = new ArrayList<>(options);
    all.add("--");
    all.addAll(command);
    return all;
  }

  /**
   * Where each socket is, in descriptor order, as the shim bound it: an {@link InetSocketAddress}
   * with the literal address and the real port for TCP and UDP (port 0 resolved), a {@link
   * UnixDomainSocketAddress} for a unix socket, null for a descriptor left closed. Waits for the
   * shim to write them.
   */
  public List<SocketAddress> addresses(Duration timeout) {
    String json = Await.result("the pass-sockets shim to write " + addresses + " (is python3 working?)", timeout,
        () -> Files.exists(addresses) ? Files.readString(addresses).trim() : null);
    List<SocketAddress> list = new ArrayList<>();
    for (String item : json.substring(1, json.length() - 1).split(",")) {
      String value = item.trim();
      list.add(value.equals("null") ? null : parse(value.substring(1, value.length() - 1)));
    }
    return list;
  }

  /**
   * The TCP or UDP address of descriptor {@code 3 + index} (see {@link #addresses}), e.g. for its
   * port; throws {@link IllegalArgumentException} if that descriptor is a unix socket or closed.
   */
  public InetSocketAddress inetAddress(int index, Duration timeout) {
    SocketAddress address = addresses(timeout).get(index);
    if (address instanceof InetSocketAddress) {
      return (InetSocketAddress) address;
    }
    throw new IllegalArgumentException("descriptor " + (3 + index) + " is not a TCP or UDP socket: " + address);
  }

  /** "127.0.0.1:40123", "[::1]:40124" or "unix:/path", as the shim writes them. */
  private static SocketAddress parse(String text) {
    if (text.startsWith("unix:")) {
      return UnixDomainSocketAddress.of(text.substring("unix:".length()));
    }
    int colon = text.lastIndexOf(':');
    String host = text.substring(0, colon).replaceFirst("^\\[(.*)]$", "$1");
    try {
      // a literal address: no name lookup
      return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("the shim wrote an address that is not literal: " + text, e);
    }
  }

  /** The pid of the command's {@code run}-th start (from 1), read from the shim's stdout. */
  public static long pidOfRun(ServerProcess shim, int run, Duration timeout) {
    Pattern started = Pattern.compile("pass-sockets: started pid (\\d+) run " + run + "\\b");
    return Long.parseLong(shim.awaitOutput(started, timeout).group(1));
  }

  /** Removes the shim's directory (the sockets live in the shim process and close with it). */
  @Override
  public void close() {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** What to pass. Each socket method adds the next descriptor. */
  public static final class Builder {
    private final List<String> options = new ArrayList<>();
    private int runs = 1;

    private Builder() {}

    private Builder socket(String kind, String address, String name) {
      options.addAll(List.of("--socket", kind, address, name));
      return this;
    }

    /** A listening TCP socket on {@code HOST:PORT} or {@code [V6]:PORT} (port 0: any free one). */
    public Builder tcp(String address, String name) {
      return socket("tcp", address, name);
    }

    /** A listening unix stream socket at {@code path}. */
    public Builder unix(Path path, String name) {
      return socket("unix", path.toString(), name);
    }

    /** A UDP socket: a socket, but not a stream socket. */
    public Builder udp(String address, String name) {
      return socket("udp", address, name);
    }

    /** A TCP socket bound but never listening (no SO_ACCEPTCONN). */
    public Builder tcpNotListening(String address, String name) {
      return socket("tcp-bound", address, name);
    }

    /** Counts in LISTEN_FDS but is left closed: fewer descriptors than announced. */
    public Builder closed(String name) {
      return socket("none", "-", name);
    }

    /** LISTEN_PID names the shim's parent (the test JVM), not the command: sockets meant for another process. */
    public Builder listenPidOfAnotherProcess() {
      options.addAll(List.of("--listen-pid", "parent"));
      return this;
    }

    /** LISTEN_FDS says {@code count}, whatever was passed. */
    public Builder listenFds(int count) {
      options.addAll(List.of("--listen-fds", String.valueOf(count)));
      return this;
    }

    /** Pass the descriptors but set no LISTEN_* variable (a parent other than systemd: fd:N). */
    public Builder withoutListenEnvironment() {
      options.add("--no-listen-env");
      return this;
    }

    /** Run the command this many times in sequence on the same sockets (restart without refusal). */
    public Builder runs(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("runs must be at least 1, got " + count);
      }
      this.runs = count;
      return this;
    }

    /** Creates the shim; the sockets are created when the command starts. */
    public PassedSockets build() {
      return new PassedSockets(this);
    }
  }
}
