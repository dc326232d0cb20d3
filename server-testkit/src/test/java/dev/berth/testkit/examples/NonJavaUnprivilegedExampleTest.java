package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Privilege;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.junit5.RequiresUnprivilegedBindRefusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server that is not Java, run as nobody: quoted in docs/testkit.md. */
class NonJavaUnprivilegedExampleTest {

  // tag::privileged-non-java[]
  @Test
  @RequiresUnprivilegedBindRefusal
  void pythonIsRefusedAPrivilegedPortAsNobody() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
    Path workDir = Privilege.worldReadableDirectory(); // nobody must be able to enter its working directory
    try (ServerProcess server = ServerProcess.command(Privilege.asUnprivileged(
                List.of("/usr/bin/python3", "-m", "http.server", "--bind", "127.0.0.1", "80")))
            .directory(workDir)
            .start()) {
      server.assertExitCode(1, Duration.ofSeconds(30));
      assertThat(server.stderr()).contains("Permission denied");
    } finally {
      Privilege.deleteCopy(workDir);
    }
  }
  // end::privileged-non-java[]
}
