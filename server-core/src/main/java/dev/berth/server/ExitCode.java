package dev.berth.server;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The exit-code contract: the one place that defines every status a Berth process exits
 * with (the berth CLI, or an embedder's {@code main}), what it means, whether a supervisor
 * should retry, and which wins when several apply. The docs, {@code --help} and
 * {@code berth exit-codes} are generated from or tested against it. The numbers never
 * change once released (they follow sysexits.h).
 *
 * <p>An embedder gets a report's status in one call, {@code ExitCode.of(report).code()},
 * or lets {@link BerthServer#serveUntilStopped} return it.
 */
public enum ExitCode {
  /** Served, then stopped cleanly; or every endpoint was bindable. */
  OK(0, "served, then stopped cleanly (SIGTERM, SIGINT); or a check found every endpoint bindable",
      "no: nothing failed", 0),
  /** Bad command line or endpoint text, including endpoints that can never bind together. */
  USAGE(64, "bad command line or endpoint text (unknown option, port out of range, malformed host, duplicate or overlapping endpoints, no such application class, an https:// endpoint without TLS material or TLS material without one)",
      "no: fix the command line", 6),
  /** The application failed to start, or an internal error. */
  SOFTWARE(70, "the application failed to start, or an internal error",
      "no: fix the application, or report the bug", 5),
  /** Bind failed for another OS reason. */
  OSERR(71, "bind failed for another OS reason (out of file descriptors, an unexpected errno)",
      "maybe: after fixing limits (ulimit -n, LimitNOFILE=)", 2),
  /** Address in use: a later retry may succeed. */
  TEMPFAIL(75, "address in use: someone else listens there",
      "yes: a later retry may succeed", 1),
  /** Permission denied, including a TLS certificate or key file this user may not read. */
  NOPERM(77, "permission denied (privileged port, socket directory not writable, TLS certificate or key file unreadable)",
      "no: grant the privilege or change the endpoint", 3),
  /** Address not available, host unresolved, socket path or inherited socket unusable, TLS material unusable: a misconfiguration. */
  CONFIG(78, "address not available on this host, host name does not resolve, unix socket path unusable, inherited socket unusable, report file unwritable, TLS certificate or key unusable (missing, not parseable, wrong password, key not matching, expired)",
      "no: fix the configuration", 4);

  /**
   * A second SIGTERM or SIGINT during the drain ends berth at once with the status a shell
   * gives a process killed by that signal, 128 + N (143, 130): outside the table on purpose,
   * because a forced stop is neither clean nor a start failure. The same holds for
   * {@link BerthServer#serveUntilStopped}.
   */
  public static final int KILLED_BY_SIGNAL_BASE = 128;

  private final int code;
  private final String meaning;
  private final String retry;
  private final int permanence;

  ExitCode(int code, String meaning, String retry, int permanence) {
    this.code = code;
    this.meaning = meaning;
    this.retry = retry;
    this.permanence = permanence;
  }

  /**
   * The process exit status.
   *
   * @return 0, 64, 70, 71, 75, 77 or 78
   */
  public int code() {
    return code;
  }

  /**
   * When a process exits with it.
   *
   * @return one line
   */
  public String meaning() {
    return meaning;
  }

  /**
   * Whether and when a supervisor should restart.
   *
   * @return one line
   */
  public String retryAdvice() {
    return retry;
  }

  /**
   * Rank in the precedence rule, higher wins: USAGE > SOFTWARE > CONFIG > NOPERM > OSERR >
   * TEMPFAIL > OK. The most permanent cause wins, so a supervisor never retries a
   * misconfiguration because one endpoint happened to be merely busy.
   *
   * @return the rank; OK is lowest
   */
  public int precedence() {
    return permanence;
  }

  /**
   * The one mapping from a bind failure's reason to an exit code.
   *
   * @param reason a failure's reason
   * @return its code
   */
  public static ExitCode of(FailureReason reason) {
    return switch (reason) {
      case ADDRESS_IN_USE -> TEMPFAIL;
      case PERMISSION_DENIED, TLS_UNREADABLE -> NOPERM;
      case ADDRESS_NOT_AVAILABLE, HOST_UNRESOLVED, SOCKET_PATH, INHERITED_SOCKET, TLS_MATERIAL -> CONFIG;
      case RESOURCES_EXHAUSTED, UNKNOWN -> OSERR;
    };
  }

  /**
   * The status for a start's report: OK when every endpoint was bound, else the most
   * permanent of the failures' codes.
   *
   * @param report a start's report
   * @return its code
   */
  public static ExitCode of(BindReport report) {
    return mostPermanent(report.failures().stream().map(f -> of(f.failure().reason())).toList());
  }

  /**
   * Exit code of one endpoint's outcome.
   *
   * @param outcome bound or failed
   * @return OK for a bound endpoint, else its reason's code
   */
  public static ExitCode of(BindOutcome outcome) {
    return outcome instanceof BindOutcome.Failed failed ? of(failed.failure().reason()) : OK;
  }

  /**
   * The code that wins by the precedence rule.
   *
   * @param codes any codes
   * @return the most permanent, or OK for none
   */
  public static ExitCode mostPermanent(Collection<ExitCode> codes) {
    return codes.stream().max(Comparator.comparingInt(ExitCode::precedence)).orElse(OK);
  }

  /**
   * The status for a start that did not complete with a report: USAGE for endpoints that
   * can never bind together ({@link InvalidEndpointException}), SOFTWARE for an application
   * that failed to start or anything unexpected.
   *
   * @param failure what {@link BerthServer#start()} failed with
   * @return its code
   */
  public static ExitCode of(Throwable failure) {
    Throwable t = failure;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof InvalidEndpointException ? USAGE : SOFTWARE;
  }

  /**
   * All codes, most permanent first: the order of the precedence rule.
   *
   * @return every code
   */
  public static List<ExitCode> byPrecedence() {
    return List.of(values()).stream().sorted(Comparator.comparingInt(ExitCode::precedence).reversed()).toList();
  }
}
