package dev.berth.cli.audit;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the chosen scenarios one after another (each holds ports and sockets that another
 * scenario must not see), says on stderr what it is doing, and judges the rows once all ran:
 * one verdict depends on every row.
 */
final class Auditor {
  private Auditor() {}

  static AuditReport run(CommandTemplate command, CommandTemplate activated, List<Scenario> scenarios,
      Map<String, String> environment, PrintWriter progress) {
    long t0 = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    try (Workspace workspace = new Workspace()) {
      ScenarioRunner runner = new ScenarioRunner(command, activated, workspace, environment, ScenarioRunner.Limits.DEFAULT);
      int n = 0;
      for (Scenario s : scenarios) {
        n++;
        progress.print("berth audit: [" + n + "/" + scenarios.size() + "] " + s.title() + " ... ");
        progress.flush();
        Row row = runner.run(s);
        Row judged = row.observation() == null ? row : row.judged(Judge.one(s, row.observation()));
        progress.println(judged.judgement().verdict().label() + progressDetail(judged));
        progress.flush();
        rows.add(row);
      }
    }
    return new AuditReport(command.toString(), Judge.all(rows), (System.nanoTime() - t0) / 1e9);
  }

  private static String progressDetail(Row r) {
    String exit = Cells.exit(r);
    String time = Cells.seconds(r);
    String reason = r.judgement().reason();
    StringBuilder s = new StringBuilder();
    if (!exit.isEmpty()) {
      s.append(" (exit ").append(exit).append(time.isEmpty() ? "" : ", " + time).append(')');
    }
    if (!reason.isEmpty()) {
      s.append(": ").append(reason);
    }
    return s.toString();
  }
}
