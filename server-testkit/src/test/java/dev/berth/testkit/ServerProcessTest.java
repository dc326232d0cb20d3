package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  private static List<String> fake(String... args) {
    return JavaCommand.builder().jvmArg("-XX:TieredStopAtLevel=1").main(FakeServer.class.getName()).args(args).build();
  }

  @Test
  void assertsTheExitCode() {
    try (ServerProcess p = ServerProcess.command(fake("exit", "75", "address in use")).start()) {
      p.assertExitCode(75, WAIT);
      assertThat(p.stderrLines()).contains("address in use");
      assertThat(p.isAlive()).isFalse();
    }
  }

  @Test
  void aWrongExitCodeFailsWithExpectedActualCommandAndLastStderrLines() {
    try (ServerProcess p = ServerProcess.command(fake("exit", "3", "the last word")).start()) {
      assertThatThrownBy(() -> p.assertExitCode(0, WAIT))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("expected exit code 0 but was 3")
          .hasMessageContaining("command: " + JavaCommand.javaExecutable())
          .hasMessageContaining(FakeServer.class.getName() + " exit 3 the last word")
          .hasMessageContaining("last 20 stderr lines:")
          .hasMessageContaining("    the last word")
          .hasMessageContaining("    log line 12")
          .hasMessageNotContaining("log line 11\n");
    }
  }

  @Test
  void readyWhenStderrMatches() {
    try (ServerProcess p = ServerProcess.command(fake("serve")).readyWhenStderrMatches("listening on \\S+:\\d+").start()) {
      p.awaitReady(WAIT);
      assertThat(p.isAlive()).isTrue();
      assertThat(p.stdout()).isEqualTo("stdout says hello\n");
      assertThat(p.stderr()).contains("listening on 127.0.0.1:1234");
    }
  }

  @Test
  void awaitOutputReturnsTheMatchFromEitherStream() {
    try (ServerProcess p = ServerProcess.command(fake("serve")).start()) {
      assertThat(p.awaitOutput(java.util.regex.Pattern.compile("listening on \\S+:(\\d+)"), WAIT).group(1)).isEqualTo("1234");
      assertThat(p.awaitOutput(java.util.regex.Pattern.compile("says (\\w+)"), WAIT).group(1)).isEqualTo("hello");
    }
  }

  @Test
  void awaitOutputFailsShowingBothStreamsWhenTheProcessExitsWithoutTheLine() {
    try (ServerProcess p = ServerProcess.command("sh", "-c", "echo out-line; echo err-line >&2; exit 3").start()) {
      assertThatThrownBy(() -> p.awaitOutput(java.util.regex.Pattern.compile("never printed"), WAIT))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("exited with code 3").hasMessageContaining("/never printed/")
          .hasMessageContaining("out-line").hasMessageContaining("err-line");
    }
  }

  @Test
  void readyWhenStdoutMatches() {
    try (ServerProcess p = ServerProcess.command(fake("serve")).readyWhenStdoutMatches("hello").start()) {
      p.awaitReady(WAIT);
      assertThat(p.stdoutLines()).containsExactly("stdout says hello");
    }
  }

  @Test
  void readyWhenFileExists() {
    Path ready = dir.resolve("ready");
    try (ServerProcess p = ServerProcess.command(fake("serve", ready.toString())).readyWhenFileExists(ready).start()) {
      p.awaitReady(WAIT);
      assertThat(ready).exists();
    }
  }

  @Test
  void exitingBeforeReadyFailsWithTheExitCodeAndStderr() {
    try (ServerProcess p = ServerProcess.command(fake("exit", "78", "host does not resolve"))
        .readyWhenStderrMatches("listening").start()) {
      assertThatThrownBy(() -> p.awaitReady(WAIT))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("process exited with code 78 before it was ready")
          .hasMessageContaining("stderr matches /listening/")
          .hasMessageContaining("host does not resolve");
    }
  }

  @Test
  void notReadyInTimeFailsAndLeavesTheProcessForClose() {
    ServerProcess p = ServerProcess.command(fake("serve")).readyWhenStderrMatches("never printed").start();
    try {
      assertThatThrownBy(() -> p.awaitReady(Duration.ofMillis(300)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("process not ready after 300 ms");
      assertThat(p.isAlive()).isTrue();
    } finally {
      p.close();
    }
    assertThat(p.isAlive()).isFalse();
    p.close();
  }

  @Test
  void readyMatchHandsBackTheGroupsSoTheRealPortIsOneCall() {
    try (ServerProcess p = ServerProcess.command(fake("serve"))
        .readyWhenStderrMatches("listening on (\\S+):(\\d+)").start()) {
      assertThatThrownBy(p::readyMatch).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("call awaitReady first");
      int port = Integer.parseInt(p.awaitReady(WAIT).readyMatch().group(2));
      assertThat(port).isEqualTo(1234);
      assertThat(p.readyMatch().group(1)).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void aTwoSecondReadinessWaitFailsInAboutTwoSecondsShowingBothStreams() {
    try (ServerProcess p = ServerProcess.command("sh", "-c", "echo said on stdout; echo said on stderr >&2; exec sleep 60")
        .readyWhenStderrMatches("never printed").start()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> p.awaitReady(Duration.ofSeconds(2)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("process not ready after 2000 ms")
          .hasMessageContaining("last 1 stdout lines:\n    said on stdout")
          .hasMessageContaining("last 1 stderr lines:\n    said on stderr");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(3500));
    }
  }

  @Test
  void anEarlyExitFailsWithinTheWaitEvenWhenAGrandchildKeepsThePipesOpen() {
    // the backgrounded sleep inherits both pipes, so they never reach end-of-file while it runs
    try (ServerProcess p = ServerProcess.command("sh", "-c", "sleep 30 & echo out; echo err >&2; exit 3")
        .readyWhenStderrMatches("never printed").start()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> p.awaitReady(Duration.ofSeconds(2)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("process exited with code 3 before it was ready")
          .hasMessageContaining("    out").hasMessageContaining("    err");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500)); // draining 2 s per stream took 4 s
    }
  }

  @Test
  void anUnprivilegedCommandIsRefusedAWorkingDirectoryItsUserCannotRead() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Privilege.isRoot() && Privilege.privilegedBindRefusal().isEmpty(),
        "needs root with setpriv to run a child as nobody");
    // @TempDir is 0700: nobody cannot even enter it
    assertThatThrownBy(() -> ServerProcess.command(Privilege.asUnprivileged(List.of("id", "-u"))).directory(dir).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nobody cannot enter and read the working directory " + dir.toAbsolutePath())
        .hasMessageContaining("Privilege.worldReadableDirectory()");
  }

  @Test
  void sigtermExits143() {
    try (ServerProcess p = ServerProcess.command(fake("serve")).readyWhenStderrMatches("listening").start()) {
      assertThat(p.awaitReady(WAIT).signal(Signal.TERM).awaitExit(WAIT)).isEqualTo(143);
    }
  }

  @Test
  void whatTheChildPrintsWhileStoppingIsKept() {
    String script = "trap 'echo stopping cleanly >&2; exit 0' TERM; echo listening >&2; while true; do sleep 0.05; done";
    try (ServerProcess p = ServerProcess.command("sh", "-c", script).readyWhenStderrMatches("listening").start()) {
      p.awaitReady(WAIT).signal(Signal.TERM).assertExitCode(0, WAIT);
      assertThat(p.stderr()).contains("stopping cleanly");
    }
  }

  @Test
  void sigintExits130() {
    try (ServerProcess p = ServerProcess.command(fake("serve")).readyWhenStderrMatches("listening").start()) {
      p.awaitReady(WAIT).signal(Signal.INT).assertExitCode(130, WAIT);
    }
  }

  @Test
  void sigkillExits137() {
    try (ServerProcess p = ServerProcess.command(fake("serve")).readyWhenStderrMatches("listening").start()) {
      p.awaitReady(WAIT).signal(Signal.KILL).assertExitCode(137, WAIT);
    }
  }

  @Test
  void awaitExitTimeoutKillsAndFails() {
    ServerProcess p = ServerProcess.command("sleep", "600").start();
    assertThatThrownBy(() -> p.awaitExit(Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not exit within 200 ms; killed it")
        .hasMessageContaining("command: sleep 600");
    assertThat(p.isAlive()).isFalse();
  }

  @Test
  void closeKillsDescendantsToo() throws Exception {
    ServerProcess p = ServerProcess.command("sh", "-c", "sleep 600 & echo $!; wait").readyWhenStdoutMatches("^\\d+$").start();
    p.awaitReady(WAIT);
    long grandchild = Long.parseLong(p.stdoutLines().get(0));
    ProcessHandle handle = ProcessHandle.of(grandchild).orElseThrow();
    assertThat(handle.isAlive()).isTrue();
    p.close();
    handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(handle.isAlive()).isFalse();
    assertThat(p.isAlive()).isFalse();
  }

  @Test
  void environmentAndDirectoryReachTheChild() {
    try (ServerProcess p = ServerProcess.command("sh", "-c", "echo \"$BERTH_X $(pwd)\"")
        .env("BERTH_X", "hello").directory(dir).start()) {
      p.assertExitCode(0, WAIT);
      assertThat(p.stdout()).isEqualTo("hello " + dir.toAbsolutePath() + "\n");
    }
  }

  @Test
  void aCommandThatCannotStartFailsAtStart() {
    assertThatThrownBy(() -> ServerProcess.command("/nonexistent/berth").start())
        .hasMessageContaining("cannot start /nonexistent/berth");
  }
}
