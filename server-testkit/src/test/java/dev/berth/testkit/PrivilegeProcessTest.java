package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.internal.BindProbeMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PrivilegeProcessTest {

  @Test
  void asUnprivilegedPrefixesSetprivOnlyForRoot() {
    List<String> cmd = Privilege.asUnprivileged(List.of("id", "-u"));
    if (Privilege.isRoot()) {
      assertThat(cmd).startsWith("setpriv", "--reuid=nobody").contains("--clear-groups").endsWith("id", "-u");
    } else {
      assertThat(cmd).containsExactly("id", "-u");
    }
  }

  @Test
  void anUnprivilegedCommandReallyRunsAsAnotherUser() {
    assumeTrue(Privilege.isRoot(), "not root: nothing to drop");
    // A directory nobody can enter: the build's own may sit under a 0700 one (a clone under /root).
    Path dir = Privilege.worldReadableDirectory();
    try (ServerProcess p = ServerProcess.command(Privilege.asUnprivileged(List.of("id", "-u"))).directory(dir).start()) {
      p.assertExitCode(0, Duration.ofSeconds(30));
      assertThat(p.stdout().trim()).isNotEqualTo("0");
    } finally {
      Privilege.deleteCopy(dir);
    }
  }

  @Test
  void privilegedBindIsRefusedToAnUnprivilegedJvm() {
    Optional<String> refusal = Privilege.privilegedBindRefusal();
    assumeTrue(refusal.isEmpty(), () -> "cannot test a privileged-port refusal here: " + refusal.orElse(""));
    Path copy = Privilege.worldReadableCopy(List.of(Privilege.testkitLocation()));
    try (ServerProcess p = ServerProcess.command(Privilege.asUnprivileged(JavaCommand.builder()
            .classpath(Privilege.classpathOf(copy)).main(BindProbeMain.class.getName()).args("127.0.0.1", "1").build()))
        .directory(copy).start()) {
      p.assertExitCode(0, Duration.ofSeconds(60));
      assertThat(p.stdout()).contains("REFUSED").contains("Permission denied");
    } finally {
      Privilege.deleteCopy(copy);
    }
    assertThat(copy).doesNotExist();
  }

  @Test
  void worldReadableCopyIsReadableByEveryone() throws Exception {
    Path copy = Privilege.worldReadableCopy(List.of(Privilege.testkitLocation()));
    try {
      assertThat(Files.getPosixFilePermissions(copy)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
      try (Stream<Path> all = Files.walk(copy)) {
        all.forEach(p -> {
          try {
            String want = Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--";
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo(want);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
      assertThat(Privilege.classpathOf(copy)).startsWith(copy.resolve("0000-").toString());
    } finally {
      Privilege.deleteCopy(copy);
    }
  }
}
