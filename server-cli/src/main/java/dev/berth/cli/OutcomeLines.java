package dev.berth.cli;

import dev.berth.server.BindFailure;
import dev.berth.server.BindOutcome;

/**
 * The one line a human reads per endpoint: where it listens, or why it cannot, with the
 * OS's errno and what to do. Shared by {@code serve} (stderr) and {@code check} (stdout) so
 * both say the same thing.
 */
final class OutcomeLines {

  private OutcomeLines() {}

  static String of(BindOutcome.Failed failed) {
    BindFailure f = failed.failure();
    StringBuilder line = new StringBuilder("cannot listen on ").append(failed.endpoint()).append(": ")
        .append(f.reason().words());
    String os = f.errnoText().isEmpty() ? f.osMessage() : f.errnoText();
    if (!os.isBlank()) {
      line.append(" (").append(os).append(')');
    }
    if (f.attempts() > 1) {
      line.append(" after ").append(f.attempts()).append(" attempts");
    }
    String hint = f.hint();
    f.holderIfKnown().ifPresent(holder -> {
      if (!hint.contains("pid " + holder.pid())) {
        line.append("; held by ").append(holder);
      }
    });
    line.append("; ").append(hint);
    return oneLine(line.toString());
  }

  static String of(BindOutcome.Bound bound) {
    String inherited = bound.endpoint() instanceof dev.berth.server.InheritedEndpoint socket
        ? " (socket inherited from " + socket.source().code() + ", fd " + socket.fd() + ")" : "";
    return "listening on " + bound.url() + inherited;
  }

  static String oneLine(String text) {
    return text.replace("\r", "").replace("\n", "; ");
  }
}
