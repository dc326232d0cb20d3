package dev.berth.cli.audit;

/** How a server did in one scenario, worst first. */
enum Verdict {
  /** It lied or did harm: exit 0 on a failure, served where it failed, stole a live socket, never ended, served with broken TLS. */
  FAIL,
  /** It failed honestly but unhelpfully: slowly, with a stack trace or many lines, or one status for every cause. */
  WARN,
  PASS,
  /** The scenario does not apply to this command, or cannot be arranged here (the reason says which). */
  NA;

  String label() {
    return this == NA ? "n/a" : name();
  }
}
