package dev.berth.cli.audit;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The bind-failure scenarios, in the order they run and print: what is arranged, what a good
 * server does, and which placeholders the command must use for the scenario to apply. The
 * arranging itself is {@link ScenarioRunner}'s; the verdict {@link Judge}'s.
 */
enum Scenario {
  IN_USE_V4("inuse-v4", "port in use: 127.0.0.1 held, bind 127.0.0.1", Expectation.FAILS, Cause.IN_USE),
  IN_USE_V6("inuse-v6", "port in use: [::1] held, bind [::1]", Expectation.FAILS, Cause.IN_USE),
  IN_USE_WILDCARD_HELD("inuse-wild-spec", "port in use: 0.0.0.0 held, bind 127.0.0.1", Expectation.FAILS, Cause.IN_USE),
  IN_USE_SPECIFIC_HELD("inuse-spec-wild", "port in use: 127.0.0.1 held, bind 0.0.0.0", Expectation.FAILS, Cause.IN_USE),
  IN_USE_V6_WILDCARD_HELD("inuse-v6wild-spec", "port in use: [::] held, bind [::1]", Expectation.FAILS, Cause.IN_USE),
  IN_USE_V6_SPECIFIC_HELD("inuse-v6spec-wild", "port in use: [::1] held, bind [::]", Expectation.FAILS, Cause.IN_USE),
  PRIVILEGED("privileged", "privileged port, run as an unprivileged user", Expectation.FAILS, Cause.PERMISSION),
  NOT_LOCAL("not-local", "address not on this host (192.0.2.1)", Expectation.FAILS, Cause.CONFIGURATION),
  UNRESOLVED("unresolved", "host name does not resolve (offline, .invalid)", Expectation.FAILS, Cause.CONFIGURATION),
  PORT_TOO_HIGH("port-70000", "port 70000", Expectation.FAILS, Cause.USAGE),
  PORT_NEGATIVE("port-neg", "port -1", Expectation.FAILS, Cause.USAGE),
  PORT_NOT_A_NUMBER("port-abc", "port abc", Expectation.FAILS, Cause.USAGE),
  UNIX_NO_DIRECTORY("unix-nodir", "unix socket in a missing directory", Expectation.FAILS, Cause.CONFIGURATION,
      Placeholder.UNIX),
  UNIX_LIVE("unix-live", "unix socket owned by a live server", Expectation.FAILS, Cause.IN_USE, Placeholder.UNIX),
  UNIX_STALE("unix-stale", "stale unix socket file (serve, then SIGTERM)", Expectation.SERVES, Cause.NONE, Placeholder.UNIX),
  SECOND_BUSY("second-busy", "second endpoint in use", Expectation.FAILS, Cause.IN_USE, Placeholder.PORT2),
  TLS_MISSING("tls-missing", "TLS: certificate file missing", Expectation.FAILS, Cause.CONFIGURATION, Placeholder.CERT),
  TLS_EXPIRED("tls-expired", "TLS: certificate expired", Expectation.FAILS, Cause.CONFIGURATION, Placeholder.CERT),
  TLS_KEY_MISMATCH("tls-mismatch", "TLS: key does not match the certificate", Expectation.FAILS, Cause.CONFIGURATION,
      Placeholder.CERT),
  SIGTERM("sigterm", "SIGTERM after ready", Expectation.SERVES, Cause.NONE),
  SIGINT("sigint", "SIGINT after ready", Expectation.SERVES, Cause.NONE),
  INHERITED("inherited-tcp", "inherited TCP listener as fd 3 (then SIGTERM)", Expectation.SERVES, Cause.NONE),
  INHERITED_UDP("inherited-udp", "inherited UDP socket as fd 3", Expectation.FAILS, Cause.CONFIGURATION),
  INHERITED_NOT_LISTENING("inherited-notlistening", "inherited TCP socket that is not listening", Expectation.FAILS,
      Cause.CONFIGURATION),
  INHERITED_WRONG_PID("inherited-wrongpid", "inherited listener, LISTEN_PID of another process", Expectation.FAILS,
      Cause.CONFIGURATION);

  /** What a good server does in the scenario. */
  enum Expectation {
    /** Refuses to start: a non-zero exit, soon, having listened on nothing that failed. */
    FAILS,
    /** Serves, then stops cleanly on a signal. */
    SERVES
  }

  /** The kind of failure, so that one exit status for every kind can be pointed out. */
  enum Cause {
    IN_USE, PERMISSION, CONFIGURATION, USAGE, NONE
  }

  private final String id;
  private final String title;
  private final Expectation expectation;
  private final Cause cause;
  private final Set<Placeholder> needs;

  Scenario(String id, String title, Expectation expectation, Cause cause, Placeholder... needs) {
    this.id = id;
    this.title = title;
    this.expectation = expectation;
    this.cause = cause;
    this.needs = needs.length == 0 ? EnumSet.noneOf(Placeholder.class) : EnumSet.copyOf(Arrays.asList(needs));
  }

  String id() {
    return id;
  }

  String title() {
    return title;
  }

  Expectation expectation() {
    return expectation;
  }

  Cause cause() {
    return cause;
  }

  Set<Placeholder> needs() {
    return needs;
  }

  /** True for the scenarios about a TCP address: n/a for a command that listens on a unix socket only. */
  boolean needsTcp() {
    return this != UNIX_LIVE && this != UNIX_STALE && this != UNIX_NO_DIRECTORY && !isInherited();
  }

  /** The socket-activation scenarios, run only with {@code --socket-activation}. */
  boolean isInherited() {
    return id.startsWith("inherited-");
  }

  static Optional<Scenario> byId(String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst();
  }

  static List<String> ids() {
    return Arrays.stream(values()).map(Scenario::id).toList();
  }
}
