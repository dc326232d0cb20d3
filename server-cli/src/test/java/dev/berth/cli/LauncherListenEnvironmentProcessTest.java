package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.PassedSockets;
import dev.berth.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher moves systemd's LISTEN_* variables out of the environment into JVM properties
 * when they are meant for it (LISTEN_PID is its pid, which exec keeps), so the application
 * and its children never inherit them. Checked with a stand-in {@code java} (JAVA_HOME) that
 * prints what it was given: its pid, its LISTEN_* environment and its arguments.
 */
class LauncherListenEnvironmentProcessTest {

  @TempDir
  Path dir;
  private Path launcher;
  private Path javaHome;

  @BeforeEach
  void fakeDistribution() throws IOException {
    assumeTrue(PassedSockets.unavailableReason().isEmpty(), () -> PassedSockets.unavailableReason().orElseThrow());
    Path bin = Files.createDirectories(dir.resolve("dist/bin"));
    Files.createDirectories(dir.resolve("dist/lib"));
    launcher = Files.copy(Path.of("src/dist/bin/berth"), bin.resolve("berth"));
    javaHome = dir.resolve("jdk");
    Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"pid $$\"\nenv | grep '^LISTEN_' | sort\nfor a in \"$@\"; do echo \"arg $a\"; done\n");
    for (Path p : List.of(launcher, java)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private ServerProcess run(PassedSockets sockets) {
    ServerProcess p = ServerProcess.command(sockets.command(List.of(launcher.toString(), "serve", "--bind", "systemd")))
        .env("JAVA_HOME", javaHome.toString()).env("BERTH_NO_CDS", "1").start();
    p.assertExitCode(0, Berth.EXIT);
    return p;
  }

  @Test
  void socketsMeantForBerthLeaveTheEnvironmentAndBecomeProperties() {
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").build()) {
      ServerProcess p = run(sockets);
      long pid = PassedSockets.pidOfRun(p, 1, Duration.ofSeconds(10));
      assertThat(p.stdoutLines()).contains("pid " + pid, "arg -Dberth.listen.pid=" + pid, "arg -Dberth.listen.fds=1",
          "arg -Dberth.listen.fdnames=web", "arg serve", "arg systemd");
      assertThat(p.stdout()).doesNotContain("LISTEN_PID=").doesNotContain("LISTEN_FDS=").doesNotContain("LISTEN_FDNAMES=");
    }
  }

  @Test
  void socketsMeantForAnotherProcessAreLeftAlone() {
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").listenPidOfAnotherProcess().build()) {
      ServerProcess p = run(sockets);
      assertThat(p.stdout()).contains("LISTEN_FDS=1").contains("LISTEN_FDNAMES=web").doesNotContain("berth.listen");
    }
  }
}
