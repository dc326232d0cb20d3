package dev.berth.cli.audit;

import dev.berth.testkit.Addresses;
import dev.berth.testkit.OfflineDns;
import dev.berth.testkit.PassedSockets;
import dev.berth.testkit.PortHolder;
import dev.berth.testkit.Privilege;
import dev.berth.testkit.UnixSocketHolder;
import dev.berth.testkit.UnixSockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Arranges each scenario with server-testkit's fixtures (a held port, a live or stale unix
 * socket, an offline resolver, an unprivileged user, bad TLS material, passed sockets), runs
 * the command once through a {@link Launch}, and returns the facts. Scenarios that the command
 * cannot express, or that this machine cannot arrange, come back as n/a with the reason.
 */
final class ScenarioRunner {
  /** The shell's statuses for a program it could not execute or find. */
  private static final int CANNOT_EXECUTE = 126;
  private static final int NOT_FOUND = 127;

  private final CommandTemplate command;
  private final CommandTemplate activated;
  private final Workspace workspace;
  private final Map<String, String> environment;
  private final Limits limits;

  /**
   * How long to wait.
   *
   * @param failing for a start that should fail to end
   * @param ready for a start that should serve to answer HTTP
   * @param stop for a server to exit after a signal
   */
  record Limits(Duration failing, Duration ready, Duration stop) {
    static final Limits DEFAULT = new Limits(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(15));
  }

  ScenarioRunner(CommandTemplate command, CommandTemplate activated, Workspace workspace, Map<String, String> environment,
      Limits limits) {
    this.command = command;
    this.activated = activated;
    this.workspace = workspace;
    this.environment = Map.copyOf(environment);
    this.limits = limits;
  }

  /** The reason {@code s} cannot run for this command, or empty. */
  Optional<String> notApplicable(Scenario s) {
    if (s.isInherited()) {
      return activated == null ? Optional.of("socket activation not asked for (--socket-activation)")
          : PassedSockets.unavailableReason();
    }
    if (s.needsTcp() && !command.usesTcp()) {
      return Optional.of("the command uses no {host} and {port}");
    }
    for (Placeholder p : s.needs()) {
      if (!command.uses(p)) {
        return Optional.of("the command uses no " + p.token());
      }
    }
    return Optional.empty();
  }

  Row run(Scenario s) {
    Optional<String> na = notApplicable(s);
    if (na.isPresent()) {
      return Row.notApplicable(s, na.get());
    }
    try {
      Observation o = observe(s);
      return o == null ? Row.notApplicable(s, "cannot be arranged here") : new Row(s, o, null);
    } catch (Unarrangeable e) {
      return Row.notApplicable(s, e.getMessage());
    } catch (RuntimeException e) {
      return Row.notApplicable(s, "could not be arranged here: " + e.getMessage());
    }
  }

  private Observation observe(Scenario s) {
    switch (s) {
      case IN_USE_V4:
        return inUse("127.0.0.1", "127.0.0.1");
      case IN_USE_V6:
        return inUse("::1", "::1");
      case IN_USE_WILDCARD_HELD:
        return inUse("0.0.0.0", "127.0.0.1");
      case IN_USE_SPECIFIC_HELD:
        return inUse("127.0.0.1", "0.0.0.0");
      case IN_USE_V6_WILDCARD_HELD:
        return inUse("::", "::1");
      case IN_USE_V6_SPECIFIC_HELD:
        return inUse("::1", "::");
      case PRIVILEGED:
        return privileged();
      case NOT_LOCAL:
        return notLocal();
      case UNRESOLVED:
        return unresolved();
      case PORT_TOO_HIGH:
        return badPort("70000");
      case PORT_NEGATIVE:
        return badPort("-1");
      case PORT_NOT_A_NUMBER:
        return badPort("abc");
      case UNIX_NO_DIRECTORY:
        return unixNoDirectory();
      case TLS_MISSING:
        return tls(new Workspace.Material(workspace.directory().resolve("no-such-cert.pem"), workspace.good().key()));
      case UNIX_LIVE:
        return unixLive();
      case UNIX_STALE:
        return unixStale();
      case SECOND_BUSY:
        return secondBusy();
      case TLS_EXPIRED:
        return tls(workspace.expired());
      case TLS_KEY_MISMATCH:
        return tls(workspace.mismatched());
      case SIGTERM:
        return signal("TERM");
      case SIGINT:
        return signal("INT");
      case INHERITED:
      case INHERITED_UDP:
      case INHERITED_NOT_LISTENING:
      case INHERITED_WRONG_PID:
        return inherited(s);
      default:
        throw new IllegalStateException("no arrangement for " + s);
    }
  }

  private Observation inUse(String held, String bound) {
    if (held.contains(":") || bound.contains(":")) {
      requireIpv6();
    }
    try (PortHolder holder = PortHolder.hold(held, 0)) {
      Map<Placeholder, String> v = values(bound, holder.port());
      return launch(command.fill(v)).failing(Watch.port(holder.port()), limits.failing());
    }
  }

  private Observation privileged() {
    Optional<String> why = Privilege.privilegedBindRefusal();
    if (why.isPresent()) {
      throw new Unarrangeable("an unprivileged bind of a low port is not refused here: " + why.get());
    }
    int port = freePrivilegedPort();
    Map<Placeholder, String> v = values("127.0.0.1", port);
    List<String> filled = new java.util.ArrayList<>(command.fill(v));
    if (filled.get(0).contains("/")) {
      filled.set(0, Path.of(filled.get(0)).toAbsolutePath().toString()); // it runs in the workspace, not here
    }
    if (Privilege.isRoot()) {
      unreachableForOthers(filled.get(0)).ifPresent(reason -> {
        throw new Unarrangeable("nobody cannot run the command: " + reason
            + "; install it where any user can execute it (or copy it there) to audit this row");
      });
    }
    Observation o = new Launch(Privilege.asUnprivileged(filled), workspace.directory(), environment)
        .failing(Watch.port(port), limits.failing());
    if (Privilege.isRoot() && o.exit() != null && (o.exit() == CANNOT_EXECUTE || o.exit() == NOT_FOUND)) {
      throw new Unarrangeable("nobody cannot run the command (exit " + o.exit() + ": " + o.output().firstLine()
          + "); give a program path that any user can execute, e.g. /usr/bin/python3");
    }
    return o.withFact("port " + port + ", run as " + (Privilege.isRoot() ? "nobody (setpriv)" : "this unprivileged user"));
  }

  /**
   * Why a user other than root could not execute {@code program} (a path; a bare name is left to
   * the exit-status check): a directory on its way without search permission for others, or the
   * file itself not readable and executable by others. A shell that cannot open a script exits 2,
   * which would otherwise look like a server refusing the port.
   */
  static Optional<String> unreachableForOthers(String program) {
    if (!program.contains("/")) {
      return Optional.empty();
    }
    Path path = Path.of(program).toAbsolutePath().normalize();
    try {
      for (Path dir = path.getParent(); dir != null; dir = dir.getParent()) {
        if (!Files.getPosixFilePermissions(dir).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
          return Optional.of(dir + " is mode " + mode(dir) + " (others cannot enter it)");
        }
      }
      var own = Files.getPosixFilePermissions(path);
      if (!own.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)
          || !own.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
        return Optional.of(path + " is mode " + mode(path) + " (others cannot read and execute it)");
      }
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String mode(Path p) throws IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private Observation notLocal() {
    String host = Addresses.nonLocalIPv4();
    int port = freePort("127.0.0.1");
    return launch(command.fill(values(host, port))).failing(Watch.port(port), limits.failing());
  }

  private Observation unresolved() {
    Optional<String> why = OfflineDns.namespaceUnavailable();
    if (why.isPresent()) {
      throw new Unarrangeable("cannot keep the lookup on this machine: " + why.get());
    }
    String name = Addresses.unresolvableHost();
    int port = freePort("127.0.0.1");
    try (OfflineDns dns = OfflineDns.namespace()) {
      Launch launch = new Launch(dns.wrap(command.fill(values(name, port))), Path.of("").toAbsolutePath(), environment,
          Set.of("env", "unshare", "sh"));
      Observation o = launch.failing(Watch.port(port), limits.failing());
      List<String> asked = dns.queriedNames();
      return o.withFact(asked.contains(name)
          ? "looked up " + name + ": answered NXDOMAIN by the audit's responder in a private network namespace"
              + " (loopback only: no query left the machine)"
          : "never asked the private namespace's resolver for " + name + " (asked: " + asked + "): it did not fail on DNS");
    }
  }

  /** A port no server can have: any TCP socket it listens on instead is a lie. */
  private Observation badPort(String port) {
    Map<Placeholder, String> v = values("127.0.0.1", 0);
    v.put(Placeholder.PORT, port);
    Watch watch = new Watch(listening -> listening.stream().anyMatch(l -> !l.startsWith("unix:")), null, null, null);
    return launch(command.fill(v)).failing(watch, limits.failing());
  }

  private Observation unixNoDirectory() {
    Path path = workspace.directory().resolve("no-such-directory").resolve("app.sock");
    String target = "unix:" + path;
    Watch watch = new Watch(listening -> listening.contains(target), null, null, null);
    return launch(command.fill(values("127.0.0.1", freePort("127.0.0.1"), path))).failing(watch, limits.failing());
  }

  private Observation unixLive() {
    Path path = workspace.socketPath("live.sock");
    try (UnixSocketHolder live = UnixSocketHolder.hold(path)) {
      String target = "unix:" + path;
      Watch watch = new Watch(listening -> listening.contains(target), null, path, null);
      return launch(command.fill(values("127.0.0.1", freePort("127.0.0.1"), path))).failing(watch, limits.failing());
    }
  }

  private Observation unixStale() {
    Path path = UnixSockets.createStale(workspace.socketPath("stale.sock"));
    Observation o = launch(command.fill(values("127.0.0.1", freePort("127.0.0.1"), path)))
        .serving(() -> HttpAnswer.unix(path), null, "TERM", limits.ready(), limits.stop());
    boolean left = Files.exists(path);
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // the workspace goes at the end anyway
    }
    return o.readyAfter() == null ? o : o.withFact(left ? "socket file left after the stop" : "socket file removed after the stop");
  }

  private Observation secondBusy() {
    try (PortHolder holder = PortHolder.hold("127.0.0.1", 0)) {
      int first = freePort("127.0.0.1");
      Map<Placeholder, String> v = values("127.0.0.1", first);
      v.put(Placeholder.PORT2, Integer.toString(holder.port()));
      Watch watch = new Watch(listening -> ListeningSockets.hasPort(listening, holder.port()), null, null, first);
      return launch(command.fill(v)).failing(watch, limits.failing());
    }
  }

  private Observation tls(Workspace.Material material) {
    int port = freePort("127.0.0.1");
    Map<Placeholder, String> v = values("127.0.0.1", port);
    v.put(Placeholder.CERT, material.certificate().toString());
    v.put(Placeholder.KEY, material.key().toString());
    return launch(command.fill(v)).failing(Watch.port(port), limits.failing());
  }

  private Observation signal(String name) {
    int port = freePort("127.0.0.1");
    Path unix = workspace.socketPath("app.sock");
    BooleanSupplier ready = command.usesTcp() ? () -> HttpAnswer.tcp("127.0.0.1", port, command.isTls()) : () -> HttpAnswer.unix(unix);
    return launch(command.fill(values("127.0.0.1", port, unix))).serving(ready, null, name, limits.ready(), limits.stop());
  }

  private Observation inherited(Scenario s) {
    int port = freePort("127.0.0.1");
    String address = "127.0.0.1:" + port;
    PassedSockets.Builder b = PassedSockets.builder();
    switch (s) {
      case INHERITED_UDP:
        b.udp(address, "web");
        break;
      case INHERITED_NOT_LISTENING:
        b.tcpNotListening(address, "web");
        break;
      case INHERITED_WRONG_PID:
        b.tcp(address, "web").listenPidOfAnotherProcess();
        break;
      default:
        b.tcp(address, "web");
    }
    Map<Placeholder, String> v = values("127.0.0.1", port);
    try (PassedSockets sockets = b.build()) {
      Launch launch = launch(sockets.command(activated.fill(v)));
      String own = ":" + port;
      java.util.function.Predicate<Set<String>> ownSocket = listening -> listening.stream().anyMatch(l -> !l.endsWith(own));
      if (s == Scenario.INHERITED) {
        return launch.serving(() -> HttpAnswer.tcp("127.0.0.1", port, activated.isTls()), ownSocket, "TERM",
            limits.ready(), limits.stop());
      }
      Watch watch = new Watch(ownSocket, () -> HttpAnswer.tcp("127.0.0.1", port, activated.isTls()), null, null);
      return launch.failing(watch, limits.failing());
    }
  }

  /** Values for every placeholder: the scenario's host and port, everything else free and good. */
  private Map<Placeholder, String> values(String host, int port) {
    return values(host, port, workspace.socketPath("app.sock"));
  }

  private Map<Placeholder, String> values(String host, int port, Path unix) {
    Map<Placeholder, String> v = new EnumMap<>(Placeholder.class);
    v.put(Placeholder.HOST, host);
    v.put(Placeholder.PORT, Integer.toString(port));
    if (command.uses(Placeholder.PORT2)) {
      v.put(Placeholder.PORT2, Integer.toString(freePort("127.0.0.1")));
    }
    v.put(Placeholder.UNIX, unix.toString());
    if (command.isTls() || activated != null && activated.isTls()) {
      v.put(Placeholder.CERT, workspace.good().certificate().toString());
      v.put(Placeholder.KEY, workspace.good().key().toString());
    }
    return v;
  }

  /**
   * The command as the user would start it, in the audit's own working directory (so that
   * {@code ./server} and relative files mean what they mean in the user's shell). Only the
   * privileged row runs elsewhere: in the workspace, which the unprivileged user can enter.
   */
  private Launch launch(List<String> cmd) {
    return new Launch(cmd, Path.of("").toAbsolutePath(), environment);
  }

  /**
   * A port free right now: the audit hands a number to a command line, so it cannot hold the
   * port for the server; the kernel's ephemeral ports make a collision unlikely.
   */
  private static int freePort(String host) {
    try (PortHolder h = PortHolder.hold(host, 0)) {
      return h.port();
    }
  }

  private static void requireIpv6() {
    try (PortHolder h = PortHolder.hold("::1", 0)) {
      h.port();
    } catch (RuntimeException e) {
      throw new Unarrangeable("no IPv6 loopback here: " + e.getMessage());
    }
  }

  private static int freePrivilegedPort() {
    if (!Privilege.isRoot()) {
      return 1; // cannot test-bind it as this user, which is the point
    }
    for (int port = 1; port < 1024; port++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", port), 1);
        return port;
      } catch (IOException e) {
        // taken, or not ours to bind: the next one
      }
    }
    throw new Unarrangeable("no free port below 1024 on 127.0.0.1");
  }

  /** A scenario this machine cannot arrange: n/a, with the reason. */
  private static final class Unarrangeable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unarrangeable(String message) {
      super(message);
    }
  }
}
