package dev.berth.cli;

import dev.berth.server.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {

  @TempDir
  Path dir;

  @Test
  void writesCompleteJsonAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("report.json");
    new ReportFile(target).write(new JsonObject().put("ok", true));
    assertThat(new JsonObject(Files.readString(target)).getBoolean("ok")).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void theReportIsAlwaysMode0644WhateverWasThereBefore() throws IOException {
    Path target = Files.writeString(dir.resolve("report.json"), "old");
    Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    new ReportFile(target).write(new JsonObject().put("ok", true));
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
  }

  @Test
  void replacesASymlinkInsteadOfWritingThroughIt() throws IOException {
    Path victim = Files.writeString(dir.resolve("victim"), "precious");
    Path target = Files.createSymbolicLink(dir.resolve("report.json"), victim);
    new ReportFile(target).write(new JsonObject().put("ok", false));
    assertThat(Files.readString(victim)).isEqualTo("precious");
    assertThat(Files.isSymbolicLink(target)).isFalse();
    assertThat(new JsonObject(Files.readString(target)).getBoolean("ok")).isFalse();
  }

  @Test
  void aMissingDirectoryIsAConfigurationErrorNamingThePath() {
    Path target = dir.resolve("missing/report.json");
    assertThatThrownBy(() -> new ReportFile(target).checkWritable())
        .isInstanceOfSatisfying(CommandFailure.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
        .hasMessageContaining(target.toString()).hasMessageContaining("does not exist");
  }

  @Test
  void aDirectoryAtTheTargetIsRefused() throws IOException {
    Path target = Files.createDirectory(dir.resolve("report.json"));
    assertThatThrownBy(() -> new ReportFile(target).checkWritable()).isInstanceOf(CommandFailure.class)
        .hasMessageContaining("is a directory");
  }
}
