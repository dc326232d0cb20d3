package dev.berth.cli;

import dev.berth.server.ExitCode;
/**
 * A failure that ends a command with a known exit code and one line for the user, raised
 * where the cause is understood (a missing --app class, an unwritable report) and turned
 * into the exit status in exactly one place, {@link BerthCommand}.
 */
final class CommandFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  CommandFailure(ExitCode exitCode, String line, Throwable cause) {
    super(line, cause);
    this.exitCode = exitCode;
  }

  ExitCode exitCode() {
    return exitCode;
  }
}
