package dev.berth.cli.audit;

/** The report for docs: a Markdown table with every fact and the first line each run printed. */
final class MarkdownTable {
  private MarkdownTable() {}

  static String render(AuditReport report) {
    StringBuilder s = new StringBuilder();
    s.append("`berth audit -- ").append(report.command().replace("`", "'")).append("`: ").append(report.summary()).append(".\n\n");
    s.append("| scenario | verdict | exit | time | why / facts | first line it printed |\n");
    s.append("|---|---|---|---|---|---|\n");
    for (Row r : report.rows()) {
      Verdict v = r.judgement().verdict();
      s.append("| ").append(cell(r.scenario().title()))
          .append(" | ").append(v == Verdict.FAIL ? "**FAIL**" : v.label())
          .append(" | ").append(Cells.exit(r))
          .append(" | ").append(Cells.seconds(r))
          .append(" | ").append(cell(Cells.facts(r)))
          .append(" | ").append(Cells.said(r).isEmpty() ? "" : "`" + cell(Cells.said(r)).replace("`", "'") + "`")
          .append(" |\n");
    }
    return s.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
