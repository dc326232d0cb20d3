package dev.berth.cli;

/**
 * A bad command line found after parsing (a range, two options that do not fit together):
 * one line and exit 64, worded like a parse error ({@link BerthCommand}).
 */
final class UsageError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageError(String message) {
    super(message);
  }
}
