package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaCommandProcessTest {

  @Test
  void ofUsesThisJvmAndClassPath() {
    assertThat(JavaCommand.of("a.Main", "x", "y")).containsExactly(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", JavaCommand.withoutEmptyEntries(System.getProperty("java.class.path")), "a.Main", "x", "y");
  }

  @Test
  void builderPutsJvmOptionsBeforeTheClassPath() {
    assertThat(JavaCommand.builder().jvmArg("-Xmx64m").classpath(List.of(Path.of("/a.jar"), Path.of("/b")))
        .main("a.Main").args("--port", "0").build())
        .containsExactly(JavaCommand.javaExecutable(), "-Xmx64m", "-cp", "/a.jar:/b", "a.Main", "--port", "0");
  }

  @Test
  void theClassPathHasNoEmptyEntryEvenWhenGivenOne() {
    assertThat(JavaCommand.builder().classpath(":/a.jar::/b:").main("a.Main").build())
        .containsExactly(JavaCommand.javaExecutable(), "-cp", "/a.jar:/b", "a.Main");
    String cp = JavaCommand.of("a.Main").get(2);
    assertThat(cp).doesNotStartWith(":").doesNotEndWith(":").doesNotContain("::");
  }

  @Test
  void aStrayClassInTheWorkingDirectoryIsNotOnTheChildsClassPath(@TempDir Path dir) throws Exception {
    // An empty class path entry (surefire's java.class.path can end in ':') means the working
    // directory: a class that exists only there would be found and run.
    Path source = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("Stray.java"),
        "public final class Stray { public static void main(String[] a) { System.out.println(\"stray class ran\"); } }");
    Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
        "-d", dir.toString(), source.toString()).redirectErrorStream(true).start();
    String said = new String(javac.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(javac.waitFor()).as(said).isZero();
    assertThat(dir.resolve("Stray.class")).exists();
    List<String> cmd = JavaCommand.builder().classpath(System.getProperty("java.class.path") + ":").main("Stray").build();
    try (ServerProcess p = ServerProcess.command(cmd).directory(dir).start()) {
      p.assertExitCode(1, Duration.ofSeconds(60));
      assertThat(p.stdout()).doesNotContain("stray class ran");
      assertThat(p.stderr()).contains("Could not find or load main class Stray");
    }
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
    assertThat(entries).contains(JavaCommand.locationOf(JavaCommandProcessTest.class));
    assertThat(entries).contains(JavaCommand.locationOf(org.junit.jupiter.api.Test.class));
    assertThat(entries).allSatisfy(p -> assertThat(p).exists());
  }

  @Test
  void locationOfATestkitClassIsItsJarOrClassesDirectory() {
    assertThat(JavaCommand.locationOf(PortHolder.class)).exists()
        .satisfies(p -> assertThat(p.toString()).matches(".*(classes|\\.jar)$"));
  }
}
