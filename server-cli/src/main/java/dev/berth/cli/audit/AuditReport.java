package dev.berth.cli.audit;

import java.util.List;

/**
 * Everything one audit found: the command, every row in scenario order, and how long it took.
 *
 * @param command the audited command line, placeholders unfilled
 * @param rows one per scenario
 * @param seconds the whole audit's duration
 */
record AuditReport(String command, List<Row> rows, double seconds) {

  AuditReport {
    rows = List.copyOf(rows);
  }

  long count(Verdict v) {
    return rows.stream().filter(r -> r.judgement().verdict() == v).count();
  }

  /** Audit's own exit status: 1 when any scenario FAILs, else 0. */
  int status() {
    return count(Verdict.FAIL) > 0 ? 1 : 0;
  }

  String summary() {
    return count(Verdict.FAIL) + " FAIL, " + count(Verdict.WARN) + " WARN, " + count(Verdict.PASS) + " PASS, "
        + count(Verdict.NA) + " n/a in " + Format.seconds(seconds);
  }
}
