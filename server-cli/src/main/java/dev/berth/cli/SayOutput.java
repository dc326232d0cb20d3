package dev.berth.cli;

import dev.berth.server.ServeOutput;

/** The serve lifecycle's lines said as berth's own (text or JSON, log4j or stderr); stack traces only with --verbose. */
final class SayOutput implements ServeOutput {

  private final boolean verbose;

  SayOutput(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public void info(String line) {
    Say.info(line);
  }

  @Override
  public void warn(String line) {
    Say.warn(line);
  }

  @Override
  public void error(String line, Throwable cause) {
    Say.error(line, verbose ? cause : null);
  }
}
