package dev.berth.cli;

import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.FailureReason;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The exit-code contract: the one place that defines every code berth exits with, what it
 * means, whether a supervisor should retry, and which wins when several apply. The docs,
 * {@code --help} and {@code berth exit-codes} are generated from or tested against it.
 * The numbers never change once released (they follow sysexits.h).
 */
public enum ExitCode {
  OK(0, "served, then stopped cleanly (SIGTERM, SIGINT); or a check found every endpoint bindable",
      "no: nothing failed", 0),
  USAGE(64, "bad command line or endpoint text (unknown option, port out of range, malformed host, duplicate endpoint, no such --app class)",
      "no: fix the command line", 6),
  SOFTWARE(70, "the application failed to start, or an internal error",
      "no: fix the application, or report the bug", 5),
  OSERR(71, "bind failed for another OS reason (out of file descriptors, an unexpected errno)",
      "maybe: after fixing limits (ulimit -n, LimitNOFILE=)", 2),
  TEMPFAIL(75, "address in use: someone else listens there",
      "yes: a later retry may succeed", 1),
  NOPERM(77, "permission denied (privileged port, socket directory not writable)",
      "no: grant the privilege or change the endpoint", 3),
  CONFIG(78, "address not available on this host, host name does not resolve, unix socket path unusable, inherited socket unusable, report file unwritable",
      "no: fix the configuration", 4);

  /**
   * A second SIGTERM or SIGINT during the drain ends berth at once with the status a shell
   * gives a process killed by that signal, 128 + N (143, 130): outside the table on purpose,
   * because a forced stop is neither clean nor a start failure.
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

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** When berth exits with it. */
  public String meaning() {
    return meaning;
  }

  /** Whether and when a supervisor should restart. */
  public String retryAdvice() {
    return retry;
  }

  /**
   * Rank in the precedence rule, higher wins: USAGE > SOFTWARE > CONFIG > NOPERM > OSERR >
   * TEMPFAIL > OK. The most permanent cause wins, so a supervisor never retries a
   * misconfiguration because one endpoint happened to be merely busy.
   */
  public int precedence() {
    return permanence;
  }

  /** The one mapping from a bind failure's reason to an exit code. */
  public static ExitCode of(FailureReason reason) {
    return switch (reason) {
      case ADDRESS_IN_USE -> TEMPFAIL;
      case PERMISSION_DENIED -> NOPERM;
      case ADDRESS_NOT_AVAILABLE, HOST_UNRESOLVED, SOCKET_PATH, INHERITED_SOCKET -> CONFIG;
      case RESOURCES_EXHAUSTED, UNKNOWN -> OSERR;
    };
  }

  /** OK when every endpoint was bound, else the most permanent of the failures' codes. */
  public static ExitCode of(BindReport report) {
    return mostPermanent(report.failures().stream().map(f -> of(f.failure().reason())).toList());
  }

  /** Exit code of one endpoint's outcome. */
  public static ExitCode of(BindOutcome outcome) {
    return outcome instanceof BindOutcome.Failed failed ? of(failed.failure().reason()) : OK;
  }

  /** The code that wins by the precedence rule; OK for none. */
  public static ExitCode mostPermanent(Collection<ExitCode> codes) {
    return codes.stream().max(Comparator.comparingInt(ExitCode::precedence)).orElse(OK);
  }

  /** All codes, most permanent first: the order of the precedence rule. */
  public static List<ExitCode> byPrecedence() {
    return List.of(values()).stream().sorted(Comparator.comparingInt(ExitCode::precedence).reversed()).toList();
  }
}
