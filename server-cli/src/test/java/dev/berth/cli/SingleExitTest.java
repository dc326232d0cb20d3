package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The process ends in exactly one place in the whole codebase (every module's main sources,
 * the testkit's child programs included), so no exit decision can hide elsewhere.
 */
class SingleExitTest {

  @Test
  void mainIsTheOnlyPlaceThatExits() throws IOException {
    List<String> exits;
    exits = new java.util.ArrayList<>();
    for (String module : List.of("../server-core", "../server-testkit", ".")) {
      try (Stream<Path> sources = Files.walk(Path.of(module, "src/main/java"))) {
        sources.filter(p -> p.toString().endsWith(".java")).flatMap(SingleExitTest::exitCalls).forEach(exits::add);
      }
    }
    assertThat(exits).containsExactly("Main.java: System.exit(TerminationLog.atExit(new BerthCommand().execute(args)));");
  }

  private static Stream<String> exitCalls(Path source) {
    try {
      return Files.readAllLines(source).stream().map(String::strip)
          .filter(l -> !l.startsWith("*") && !l.startsWith("//"))
          .filter(l -> l.contains("System.exit(") || l.contains(".halt(") || l.contains("Runtime.getRuntime().exit("))
          .map(l -> source.getFileName() + ": " + l);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
