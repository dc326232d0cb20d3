package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** What goes into the termination log, and when: in-process, on a file of a temporary directory. */
@Isolated("TerminationLog is process-wide state")
class TerminationLogTest {

  @TempDir
  Path dir;

  @BeforeEach
  @AfterEach
  void forget() {
    TerminationLog.reset();
  }

  @Test
  void aContractFailureWritesTheLinesAndKeepsTheCode() throws IOException {
    Path file = dir.resolve("termination-log");
    TerminationLog.use(file.toString());
    TerminationLog.remember("berth: first");
    TerminationLog.remember("berth: second\nwith a newline");
    assertThat(TerminationLog.atExit(78)).isEqualTo(78);
    assertThat(Files.readString(file)).isEqualTo("berth: first\nberth: second; with a newline\n");
  }

  @Test
  void aCleanStopOrAForcedExitWritesNothing() {
    Path file = dir.resolve("termination-log");
    TerminationLog.use(file.toString());
    TerminationLog.remember("berth: an error while serving");
    assertThat(TerminationLog.atExit(0)).isZero();
    assertThat(TerminationLog.atExit(143)).isEqualTo(143);
    assertThat(file).doesNotExist();
  }

  @Test
  void noneWritesNothing() {
    TerminationLog.use("none");
    TerminationLog.remember("berth: failed");
    assertThat(TerminationLog.atExit(75)).isEqualTo(75);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void theNewestLinesAreKeptWithinWhatTheKubeletReads() throws IOException {
    Path file = dir.resolve("termination-log");
    TerminationLog.use(file.toString());
    for (int i = 0; i < 100; i++) {
      TerminationLog.remember(String.format("berth: line %03d %s", i, "x".repeat(80)));
    }
    TerminationLog.atExit(75);
    byte[] written = Files.readAllBytes(file);
    assertThat(written.length).isLessThanOrEqualTo(TerminationLog.MAX_BYTES);
    String text = new String(written, StandardCharsets.UTF_8);
    assertThat(text).startsWith("berth: line ").endsWith("berth: line 099 " + "x".repeat(80) + "\n").doesNotContain("line 000");
  }
}
