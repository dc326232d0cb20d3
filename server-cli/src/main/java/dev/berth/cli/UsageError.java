package dev.berth.cli;

/**
 * A bad command line found after parsing (a range, two options that do not fit together):
 * one line and exit 64, the same as a parse error. Raised without picocli's model, so a check
 * reads the same whether {@link ServeLine} or picocli parsed the line.
 */
final class UsageError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageError(String message) {
    super(message);
  }
}
