package dev.berth.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The privileged row is n/a, not a vacuous PASS, when nobody could not even start the command. */
class UnreachableForOthersTest {

  @TempDir
  Path dir;

  @Test
  void aProgramUnderAPrivateDirectoryIsUnreachable() throws Exception {
    Path privateDir = Files.createDirectory(dir.resolve("private"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path program = Files.createFile(privateDir.resolve("server"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertThat(ScenarioRunner.unreachableForOthers(program.toString()))
        .hasValueSatisfying(why -> assertThat(why).contains(privateDir.toString()).contains("rwx------"));
  }

  @Test
  void aProgramOthersCannotExecuteIsUnreachable() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path program = Files.createFile(dir.resolve("server"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
    assertThat(ScenarioRunner.unreachableForOthers(program.toString())).isPresent();
  }

  @Test
  void aSystemProgramAndABareNameAreLeftToTheExitStatus() {
    assertThat(ScenarioRunner.unreachableForOthers("/bin/sh")).isEmpty();
    assertThat(ScenarioRunner.unreachableForOthers("python3")).isEmpty();
  }
}
