package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Privilege;
import dev.berth.testkit.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --static DIR} is checked before anything binds: one line, the documented code, no
 * report written (the report is written after binding, on success and failure alike, so its
 * absence shows no bind was tried) and, for serve, no "listening" line.
 */
class StaticDirectoryProcessTest {

  @TempDir
  Path dir;

  private void assertRefusedBeforeBinding(ServerProcess p, int code, Path report, String... words) {
    assertThat(p.awaitExit(Berth.EXIT)).as(p.stderr()).isEqualTo(code);
    assertThat(p.stderrLines()).as(p.stderr()).singleElement().asString().startsWith("berth: --static ").contains(words);
    assertThat(report).as("nothing was bound, so no report").doesNotExist();
  }

  @Test
  void aMissingDirectoryIsExit78ForServeAndCheck() {
    Path missing = dir.resolve("no-such-dir");
    for (String command : List.of("serve", "check")) {
      Path report = dir.resolve(command + ".json");
      ServerProcess p = Berth.run(command, "--bind", "127.0.0.1:0", "--report", report.toString(), "--static", missing.toString());
      assertRefusedBeforeBinding(p, 78, report, missing.toString(), "no such directory", "create it");
      assertThat(p.stdout()).isEmpty();
    }
  }

  @Test
  void aFileIsNotADirectoryExit78() throws IOException {
    Path file = Files.writeString(dir.resolve("index.html"), "x");
    Path report = dir.resolve("r.json");
    ServerProcess p = Berth.run("serve", "--bind", "127.0.0.1:0", "--report", report.toString(), "--static", file.toString());
    assertRefusedBeforeBinding(p, 78, report, "not a directory");
  }

  @Test
  void aDanglingSymlinkIsExit78() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("gone"), dir.resolve("never-there"));
    Path report = dir.resolve("r.json");
    ServerProcess p = Berth.run("check", "--bind", "127.0.0.1:0", "--report", report.toString(), "--static", link.toString());
    assertRefusedBeforeBinding(p, 78, report, "a symlink to nothing");
  }

  @Test
  void aDirectoryTheUserCannotReadIsExit77ForServeAndCheck() throws IOException {
    assumeTrue(Privilege.isRoot(), "needs root to run berth as nobody against a root-only directory");
    Path copy = Privilege.worldReadableCopy(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of).toList());
    // Set after creation: a creation attribute passes through the umask.
    Path open = Files.setPosixFilePermissions(Files.createTempDirectory("berth-static-open"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Path locked = Files.setPosixFilePermissions(Files.createDirectory(open.resolve("locked")), PosixFilePermissions.fromString("rwx------"));
    try {
      for (String command : List.of("serve", "check")) {
        Path report = open.resolve(command + ".json");
        List<String> cmd = Berth.java().classpath(Privilege.classpathOf(copy))
            .args(command, "--bind", "127.0.0.1:0", "--report", report.toString(), "--static", locked.toString()).build();
        ServerProcess p = ServerProcess.command(Privilege.asUnprivileged(cmd)).directory(copy).start();
        assertRefusedBeforeBinding(p, 77, report, "permission denied for user nobody", "chmod a+rX");
      }
    } finally {
      Files.deleteIfExists(locked);
      Files.deleteIfExists(open);
      Privilege.deleteCopy(copy);
    }
  }
}
