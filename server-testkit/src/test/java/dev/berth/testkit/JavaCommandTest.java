package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCommandTest {

  @Test
  void ofUsesThisJvmAndClassPath() {
    assertThat(JavaCommand.of("a.Main", "x", "y")).containsExactly(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "a.Main", "x", "y");
  }

  @Test
  void builderPutsJvmOptionsBeforeTheClassPath() {
    assertThat(JavaCommand.builder().jvmArg("-Xmx64m").classpath(List.of(Path.of("/a.jar"), Path.of("/b")))
        .main("a.Main").args("--port", "0").build())
        .containsExactly(JavaCommand.javaExecutable(), "-Xmx64m", "-cp", "/a.jar:/b", "a.Main", "--port", "0");
  }

  @Test
  void builderNeedsAMainClass() {
    assertThatThrownBy(() -> JavaCommand.builder().build()).hasMessageContaining("needs a main class");
  }

  @Test
  void theCommandReallyRuns() {
    try (ServerProcess p = ServerProcess.command(JavaCommand.of(FakeServer.class.getName(), "exit", "7", "bye")).start()) {
      p.assertExitCode(7, java.time.Duration.ofSeconds(30));
    }
  }

  @Test
  void classpathEntriesSeeThroughManifestOnlyJarsAndFindThisTest() {
    List<Path> entries = JavaCommand.classpathEntries();
    assertThat(entries).contains(JavaCommand.locationOf(JavaCommandTest.class));
    assertThat(entries).contains(JavaCommand.locationOf(org.junit.jupiter.api.Test.class));
    assertThat(entries).allSatisfy(p -> assertThat(p).exists());
  }

  @Test
  void locationOfATestkitClassIsItsJarOrClassesDirectory() {
    assertThat(JavaCommand.locationOf(PortHolder.class)).exists()
        .satisfies(p -> assertThat(p.toString()).matches(".*(classes|\\.jar)$"));
  }
}
