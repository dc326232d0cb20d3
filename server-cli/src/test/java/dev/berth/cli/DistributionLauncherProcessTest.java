package dev.berth.cli;


import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's bin/berth, in the layout {@code mvn package} produces (bin/ and lib/):
 * it must exec java, so that the supervisor's SIGTERM reaches the JVM and berth's own exit 0
 * is what the supervisor sees — a shell left in between would report its own status.
 */
class DistributionLauncherProcessTest {

  @TempDir
  Path dist;

  @Test
  void theLauncherExecsJavaSoSigtermEndsInExitZero() throws IOException {
    layOut();
    try (ServerProcess berth = ServerProcess.command(dist.resolve("bin/berth").toString(), "serve", "--bind", "127.0.0.1:0")
        .env("BERTH_JAVA_OPTS", "-XX:TieredStopAtLevel=1").readyWhenStderrMatches(Berth.READY).start()) {
      berth.awaitReady(Berth.START);
      assertThat(Files.readString(Path.of("/proc/" + berth.pid() + "/comm")).trim()).as("the launcher's pid is java's").isEqualTo("java");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  private void layOut() throws IOException {
    Path bin = Files.createDirectories(dist.resolve("bin"));
    Path lib = Files.createDirectories(dist.resolve("lib"));
    Path launcher = Files.copy(Path.of("src/dist/bin/berth"), bin.resolve("berth"));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.copy(Path.of("src/dist/bin/berth-class-cache"), bin.resolve("berth-class-cache"));
    int dirs = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (Files.isDirectory(path)) {
        // target/classes of this module, or of a sibling when Maven runs the reactor without packaging
        jar(path, lib.resolve("classes-" + dirs++ + ".jar"));
      } else if (entry.endsWith(".jar")) {
        Files.createSymbolicLink(lib.resolve(path.getFileName()), path);
      }
    }
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, (OutputStream) out);
        out.closeEntry();
      }
    }
  }
}
