package dev.berth.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.audit.Observation.Ending;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict rules, fact by fact (docs/audit.md lists the same rules). */
class JudgeTest {
  private static final PrintedOutput ONE_LINE = new PrintedOutput("cannot listen", 1, false);

  private static Observation exited(int exit, double seconds) {
    return new Observation(Ending.EXITED, exit, seconds, null, false, null, null, List.of(), ONE_LINE);
  }

  @Test
  void exitZeroOnAFailureIsAFail() {
    assertThat(Judge.one(Scenario.IN_USE_V4, exited(0, 0.3)).verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void aQuickOneLineNonZeroExitPasses() {
    assertThat(Judge.one(Scenario.IN_USE_V4, exited(75, 0.3))).isEqualTo(new Judgement(Verdict.PASS, ""));
  }

  @Test
  void slowOrTracedOrWordyFailuresWarn() {
    assertThat(Judge.one(Scenario.IN_USE_V4, exited(1, 5.2)).reason()).contains("slow to fail");
    Observation traced = new Observation(Ending.EXITED, 1, 0.1, null, false, null, null, List.of(),
        new PrintedOutput("OSError", 9, true));
    assertThat(Judge.one(Scenario.NOT_LOCAL, traced).reason()).isEqualTo("printed a stack trace");
    Observation wordy = new Observation(Ending.EXITED, 1, 0.1, null, false, null, null, List.of(),
        new PrintedOutput("error", 40, false));
    assertThat(Judge.one(Scenario.NOT_LOCAL, wordy).reason()).isEqualTo("printed 40 lines");
  }

  @Test
  void stealingListeningOrNeverEndingFails() {
    Observation stole = new Observation(Ending.LISTENED, null, null, 0.2, true, null, null, List.of(), ONE_LINE);
    assertThat(Judge.one(Scenario.UNIX_LIVE, stole)).isEqualTo(new Judgement(Verdict.FAIL, "took over a live server's unix socket"));
    Observation served = new Observation(Ending.LISTENED, null, null, 0.2, false, null, null, List.of(), ONE_LINE);
    assertThat(Judge.one(Scenario.TLS_EXPIRED, served).reason()).isEqualTo("served with broken TLS material");
    Observation running = new Observation(Ending.STILL_RUNNING, null, null, null, false, null, null, List.of(), ONE_LINE);
    assertThat(Judge.one(Scenario.NOT_LOCAL, running).verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void aHalfStartedFirstEndpointWarns() {
    Observation half = new Observation(Ending.EXITED, 1, 5.0 / 2, null, false, 2.4, null, List.of(), ONE_LINE);
    assertThat(Judge.one(Scenario.SECOND_BUSY, half).reason()).contains("first endpoint listened 2.40 s");
  }

  @Test
  void stoppingOnASignalPassesOnlyWithExitZero() {
    Observation clean = new Observation(Ending.EXITED, 0, 0.1, null, false, null, 0.5, List.of(), ONE_LINE);
    assertThat(Judge.one(Scenario.SIGTERM, clean).verdict()).isEqualTo(Verdict.PASS);
    Observation killed = new Observation(Ending.EXITED, 143, 0.1, null, false, null, 0.5, List.of(), ONE_LINE);
    assertThat(Judge.one(Scenario.SIGTERM, killed).verdict()).isEqualTo(Verdict.WARN);
    Observation never = new Observation(Ending.NEVER_READY, null, null, null, false, null, null, List.of(), ONE_LINE);
    assertThat(Judge.one(Scenario.SIGINT, never).verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void oneStatusForEveryKindOfFailureWarnsOnEachOfThem() {
    List<Row> rows = Judge.all(List.of(
        new Row(Scenario.IN_USE_V4, exited(1, 0.1), null),
        new Row(Scenario.NOT_LOCAL, exited(1, 0.1), null),
        new Row(Scenario.SIGTERM, new Observation(Ending.EXITED, 0, 0.1, null, false, null, 0.5, List.of(), ONE_LINE), null)));
    assertThat(rows.get(0).judgement()).isEqualTo(new Judgement(Verdict.WARN, "exit 1 for every kind of failure"));
    assertThat(rows.get(1).judgement().verdict()).isEqualTo(Verdict.WARN);
    assertThat(rows.get(2).judgement().verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void distinctStatusesPerKindDoNotWarn() {
    List<Row> rows = Judge.all(List.of(new Row(Scenario.IN_USE_V4, exited(75, 0.1), null),
        new Row(Scenario.NOT_LOCAL, exited(78, 0.1), null)));
    assertThat(rows).allSatisfy(r -> assertThat(r.judgement().verdict()).isEqualTo(Verdict.PASS));
    assertThat(new AuditReport("srv", rows, 1).status()).isZero();
  }

  @Test
  void theFirstMeaningfulLineSkipsTimeStampsAndFindsAPythonTracebacksEnd() {
    assertThat(PrintedOutput.of(List.of("[2026-12-07 02:25:00 +0000] [13125] [ERROR] Connection in use"), List.of()).firstLine())
        .isEqualTo("[13125] [ERROR] Connection in use");
    PrintedOutput traceback = PrintedOutput.of(List.of("Traceback (most recent call last):", "  File \"x.py\", line 1",
        "OSError: [Errno 98] Address already in use"), List.of());
    assertThat(traceback.firstLine()).isEqualTo("OSError: [Errno 98] Address already in use");
    assertThat(traceback.stackTrace()).isTrue();
    assertThat(PrintedOutput.of(List.of("starting", "ready"), List.of()).firstLine()).isEqualTo("starting");
  }
}
