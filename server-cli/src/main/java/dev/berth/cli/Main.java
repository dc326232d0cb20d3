package dev.berth.cli;

/** The {@code berth} command line's entry point; the only place the process exits. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(TerminationLog.atExit(new BerthCommand().execute(args)));
  }
}
