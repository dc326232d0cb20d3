package dev.berth.testkit;

/**
 * The POSIX signals a test sends to a server ({@link ServerProcess#signal(Signal)}), with their
 * Linux numbers, so a test can spell the exit code a signal causes instead of a bare 143.
 */
public enum Signal {
  /** Hang-up: by convention, reload the configuration or certificates. */
  HUP(1),
  /** Interrupt, as Ctrl-C sends it: stop. */
  INT(2),
  /** Quit: the JVM prints a thread dump and goes on running. */
  QUIT(3),
  /** Kill: the process cannot catch it. */
  KILL(9),
  /** User signal 1: by convention, reopen log files. */
  USR1(10),
  /** User signal 2. */
  USR2(12),
  /** Terminate, as supervisors stop a service: stop gracefully. */
  TERM(15);

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  /** The signal's number on Linux (x86-64 and arm64). */
  public int number() {
    return number;
  }

  /** The exit code a shell reports for a process this signal ended: 128 + {@link #number()}. */
  public int exitCode() {
    return 128 + number;
  }
}
