package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.Privilege;
import dev.berth.testkit.ServerProcess;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * "Permission denied" for real: as root every bind is allowed, so the server runs in a
 * child JVM as {@code nobody} (setpriv), from a world-readable copy of the class path.
 */
class PermissionDeniedProcessTest {

  @Test
  void privilegedPortAndUnwritableSocketDirectoryArePermissionDenied() throws IOException {
    Optional<String> cannot = Privilege.privilegedBindRefusal();
    assumeTrue(cannot.isEmpty(), () -> "cannot make a privileged bind fail here: " + cannot.orElse(""));
    List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
    Path copy = Privilege.worldReadableCopy(classpath);
    Path lockedDir = Files.createTempDirectory("berth-locked", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try {
      List<String> command = JavaCommand.builder().classpath(Privilege.classpathOf(copy))
          .main(BindReportMain.class.getName())
          .args("127.0.0.1:1", "unix:" + lockedDir.resolve("app.sock"))
          .build();
      try (ServerProcess child = ServerProcess.command(Privilege.asUnprivileged(command)).directory(copy).start()) {
        child.assertExitCode(0, Duration.ofSeconds(60));
        BindReport report = BindReport.fromJson(new JsonObject(child.stdoutLines().get(child.stdoutLines().size() - 1)));
        assertThat(report.failures()).hasSize(2).allSatisfy(f -> {
          assertThat(f.failure().reason()).isEqualTo(FailureReason.PERMISSION_DENIED);
          assertThat(f.failure().errnoText()).isEqualTo("EACCES (13)");
        });
        assertThat(report.failures().get(0).failure().hint()).contains("ports below 1024 need root or CAP_NET_BIND_SERVICE");
        assertThat(report.failures().get(1).failure().hint()).contains("make its directory writable");
      }
    } finally {
      Privilege.deleteCopy(copy);
      Files.deleteIfExists(lockedDir);
    }
  }
}
