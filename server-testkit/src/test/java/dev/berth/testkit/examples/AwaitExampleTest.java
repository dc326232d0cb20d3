package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Await;
import dev.berth.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Await for what is not a line of output: here a file a (shell) server writes late (quoted in docs/testkit.md). */
class AwaitExampleTest {
  @TempDir Path dir;

  // tag::await[]
  @Test
  void waitsForTheLinesOfAFile() throws IOException {
    Path log = dir.resolve("access.log");
    try (ServerProcess server = ServerProcess.command("sh", "-c",
            "sleep 0.3; echo one >> \"$0\"; echo two >> \"$0\"; exec sleep 600", log.toString()).start()) {
      Await.until("the access log has 2 lines", Duration.ofSeconds(20), server,
          () -> Files.readAllLines(log).size() >= 2); // NoSuchFileException means: not yet
      assertThat(Files.readAllLines(log)).containsExactly("one", "two");
    }
  }
  // end::await[]
}
