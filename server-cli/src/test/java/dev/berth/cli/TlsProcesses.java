package dev.berth.cli;

import dev.berth.testkit.ServerProcess;
import java.time.Duration;

/**
 * How long the TLS process tests wait for a child berth: generous, because on a machine
 * shared by many builds (load average above 50 on 2 cores was seen) a JVM that has already
 * printed its one line can take more than Berth's 30 s to exit. A passing test never waits it out.
 */
final class TlsProcesses {

  static final Duration PATIENCE = Berth.START.plus(Duration.ofSeconds(30));

  private TlsProcesses() {}

  /** Runs berth to completion. */
  static ServerProcess run(String... args) {
    ServerProcess p = ServerProcess.command(Berth.command(args)).start();
    p.awaitExit(PATIENCE);
    return p;
  }
}
