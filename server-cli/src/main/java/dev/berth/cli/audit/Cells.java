package dev.berth.cli.audit;

import dev.berth.cli.audit.Observation.Ending;

/** The cells of a row as every human form shows them: the same words in the table and in Markdown. */
final class Cells {
  private Cells() {}

  static String exit(Row r) {
    Observation o = r.observation();
    if (o == null) {
      return "";
    }
    if (o.ending() == Ending.LISTENED) {
      return "served";
    }
    if (o.ending() == Ending.STILL_RUNNING || o.ending() == Ending.NEVER_READY) {
      return o.exit() == null ? "running" : String.valueOf(o.exit());
    }
    return String.valueOf(o.exit());
  }

  static String seconds(Row r) {
    Observation o = r.observation();
    return o == null || o.seconds() == null ? "" : Format.seconds(o.seconds());
  }

  /** The reason for the verdict, then the facts. */
  static String facts(Row r) {
    StringBuilder s = new StringBuilder(r.judgement().reason());
    if (r.observation() != null) {
      for (String f : r.observation().facts()) {
        s.append(s.length() == 0 ? "" : "; ").append(f);
      }
    }
    return s.toString();
  }

  static String said(Row r) {
    return r.observation() == null ? "" : r.observation().output().firstLine();
  }
}
