package dev.berth.cli.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The report for people: an aligned table, one scenario a line, the verdict coloured only when
 * the output is a terminal (and {@code NO_COLOR} is not set), then a summary line. The first
 * line each server printed follows the table, since it rarely fits beside it.
 */
final class TextTable {
  private static final String RESET = "\u001b[0m";
  private static final int FACTS_WIDTH = 90;

  private TextTable() {}

  static String render(AuditReport report, boolean colour) {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"SCENARIO", "VERDICT", "EXIT", "TIME", "WHY / FACTS"});
    for (Row r : report.rows()) {
      lines.add(new String[] {r.scenario().title(), r.judgement().verdict().label(), Cells.exit(r), Cells.seconds(r),
          clip(Cells.facts(r), FACTS_WIDTH)});
    }
    int[] width = new int[5];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    StringBuilder s = new StringBuilder();
    s.append("berth audit: ").append(report.command()).append("\n\n");
    for (int i = 0; i < lines.size(); i++) {
      String[] l = lines.get(i);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < l.length; c++) {
        String cell = pad(l[c], c == l.length - 1 ? 0 : width[c]);
        if (c == 1 && i > 0 && colour) {
          cell = colourOf(report.rows().get(i - 1).judgement().verdict()) + cell + RESET;
        }
        line.append(cell).append(c == l.length - 1 ? "" : "  ");
      }
      s.append(line.toString().stripTrailing()).append('\n');
    }
    s.append("\nWhat it said first (stderr, then stdout):\n");
    for (Row r : report.rows()) {
      if (r.observation() != null) {
        s.append("  ").append(pad(r.scenario().id(), 22)).append(' ').append(Cells.said(r).isEmpty() ? "(nothing)" : Cells.said(r))
            .append('\n');
      }
    }
    s.append('\n').append(report.summary()).append('\n');
    return s.toString();
  }

  private static String colourOf(Verdict v) {
    switch (v) {
      case FAIL:
        return "\u001b[1;31m";
      case WARN:
        return "\u001b[33m";
      case PASS:
        return "\u001b[32m";
      default:
        return "\u001b[2m";
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }
}
