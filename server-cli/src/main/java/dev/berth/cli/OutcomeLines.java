package dev.berth.cli;

import dev.berth.server.internal.lifecycle.Lines;
import dev.berth.server.BindOutcome;

/**
 * The one line a human reads per endpoint: where it listens, or why it cannot. The failure
 * line is server-core's ({@link BindOutcome.Failed#message()}), so serve (stderr), check
 * (stdout) and an embedder's program all say the same thing.
 */
final class OutcomeLines {

  private OutcomeLines() {}

  static String of(BindOutcome.Failed failed) {
    return failed.oneLine();
  }

  static String oneLine(String text) {
    return Lines.oneLine(text);
  }
}
