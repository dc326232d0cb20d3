package dev.berth.cli.audit;

import dev.berth.cli.audit.Observation.Ending;
import dev.berth.cli.audit.Scenario.Cause;
import dev.berth.cli.audit.Scenario.Expectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules that turn facts into verdicts, in one place (docs/audit.md lists them):
 * FAIL for a lie or harm, WARN for an honest but unhelpful failure, PASS otherwise. One rule
 * needs every row at once: the same non-zero status for every kind of failure.
 */
final class Judge {
  /** A failing start slower than this makes a supervisor wait: WARN. */
  static final double SLOW_SECONDS = 5.0;
  /** More non-blank lines than this for one failure buries the reason: WARN. */
  static final int MANY_LINES = 10;
  /** The first of two endpoints listening longer than this while the start fails: WARN. */
  static final double HALF_STARTED_SECONDS = 0.5;

  private Judge() {}

  /** The verdict of one row on its own. */
  static Judgement one(Scenario s, Observation o) {
    return s.expectation() == Expectation.FAILS ? failing(s, o) : serving(s, o);
  }

  private static Judgement failing(Scenario s, Observation o) {
    boolean tls = s == Scenario.TLS_EXPIRED || s == Scenario.TLS_KEY_MISMATCH || s == Scenario.TLS_MISSING;
    if (o.stole()) {
      return fail("took over a live server's unix socket");
    }
    if (o.ending() == Ending.LISTENED || o.listenedOnFailing() != null) {
      boolean badPort = s == Scenario.PORT_TOO_HIGH || s == Scenario.PORT_NEGATIVE || s == Scenario.PORT_NOT_A_NUMBER;
      return fail(tls ? "served with broken TLS material"
          : badPort ? "listened though the port is invalid (on a port it was not given)"
          : "listened on the endpoint that should have failed");
    }
    if (o.ending() == Ending.STILL_RUNNING) {
      return fail("still running after the limit: a supervisor never learns it failed");
    }
    if (o.exit() != null && o.exit() == 0) {
      return fail("exit 0 on a failure: a supervisor thinks it stopped cleanly");
    }
    List<String> warnings = new ArrayList<>(unhelpful(o));
    if (o.firstListened() != null && o.firstListened() > HALF_STARTED_SECONDS) {
      warnings.add("first endpoint listened " + Format.seconds(o.firstListened()) + " though the start failed");
    }
    return warnings.isEmpty() ? new Judgement(Verdict.PASS, "") : new Judgement(Verdict.WARN, String.join("; ", warnings));
  }

  private static List<String> unhelpful(Observation o) {
    List<String> warnings = new ArrayList<>();
    if (o.seconds() != null && o.seconds() > SLOW_SECONDS) {
      warnings.add("slow to fail (" + Format.seconds(o.seconds()) + ")");
    }
    if (o.output().stackTrace()) {
      warnings.add("printed a stack trace");
    } else if (o.output().lines() > MANY_LINES) {
      warnings.add("printed " + o.output().lines() + " lines");
    }
    return warnings;
  }

  private static Judgement serving(Scenario s, Observation o) {
    if (o.ending() == Ending.NEVER_READY) {
      return fail("never answered HTTP and never exited");
    }
    if (o.ending() == Ending.STILL_RUNNING) {
      return fail("still running after the signal and the limit");
    }
    if (o.readyAfter() == null) {
      if (s == Scenario.UNIX_STALE && o.exit() != null && o.exit() != 0) {
        return new Judgement(Verdict.WARN, "refused to start on a stale socket file (exit " + o.exit() + ")");
      }
      return fail("exited " + o.exit() + " without answering HTTP" + (o.exit() != null && o.exit() == 0 ? "" : ": is the command right?"));
    }
    if (o.facts().stream().anyMatch(f -> f.startsWith("listened on a socket of its own"))) {
      return fail("bound a socket of its own instead of serving only the inherited one");
    }
    String signal = s == Scenario.SIGINT ? "SIGINT" : "SIGTERM";
    int signalStatus = s == Scenario.SIGINT ? 130 : 143;
    if (o.exit() != 0) {
      return new Judgement(Verdict.WARN, o.exit() == signalStatus
          ? "ended by " + signal + "'s default action (" + o.exit() + "), not a clean exit 0"
          : "exit " + o.exit() + " after " + signal + ", not 0");
    }
    if (o.seconds() != null && o.seconds() > SLOW_SECONDS) {
      return new Judgement(Verdict.WARN, "slow to stop (" + Format.seconds(o.seconds()) + ")");
    }
    return new Judgement(Verdict.PASS, "");
  }

  /**
   * Every row judged, plus the rule across rows: when failures of different kinds (in use,
   * permission, configuration) all exited with one and the same non-zero status, a supervisor
   * cannot tell a retryable failure from a permanent one: WARN on those rows.
   */
  static List<Row> all(List<Row> rows) {
    List<Row> judged = new ArrayList<>();
    for (Row r : rows) {
      judged.add(r.observation() == null ? r : r.judged(one(r.scenario(), r.observation())));
    }
    List<Row> honestFailures = judged.stream()
        .filter(r -> r.scenario().expectation() == Expectation.FAILS && r.scenario().cause() != Cause.NONE)
        .filter(r -> r.observation() != null && r.observation().ending() == Ending.EXITED)
        .filter(r -> r.observation().exit() != null && r.observation().exit() != 0)
        .toList();
    Set<Integer> statuses = honestFailures.stream().map(r -> r.observation().exit()).collect(Collectors.toSet());
    Set<Cause> causes = honestFailures.stream().map(r -> r.scenario().cause()).collect(Collectors.toSet());
    if (statuses.size() == 1 && causes.size() > 1) {
      String same = "exit " + statuses.iterator().next() + " for every kind of failure";
      List<Row> out = new ArrayList<>();
      for (Row r : judged) {
        if (honestFailures.contains(r) && r.judgement().verdict() != Verdict.FAIL) {
          String reason = r.judgement().reason();
          out.add(r.judged(new Judgement(Verdict.WARN, reason.isEmpty() ? same : reason + "; " + same)));
        } else {
          out.add(r);
        }
      }
      return out;
    }
    return judged;
  }

  private static Judgement fail(String why) {
    return new Judgement(Verdict.FAIL, why);
  }
}
