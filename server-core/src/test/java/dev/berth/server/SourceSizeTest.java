package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Small files, one idea each: no main source file of server-core grows past 300 lines unnoticed. */
class SourceSizeTest {

  @Test
  void noMainFileIsOver300Lines() throws IOException {
    List<String> tooLong;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      tooLong = files.filter(p -> p.toString().endsWith(".java")).filter(p -> lines(p) > 300)
          .map(p -> p.getFileName() + ": " + lines(p) + " lines").toList();
    }
    assertThat(tooLong).as("split these into package-private parts").isEmpty();
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
