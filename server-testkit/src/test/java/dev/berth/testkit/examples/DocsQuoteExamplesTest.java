package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.PortHolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs quote these compiled, tested examples verbatim, so the docs cannot rot; and the examples
 * compile against the published testkit alone (its main classes and the jars it depends on, no
 * test class of this module), so a reader can copy them into a project of their own.
 */
class DocsQuoteExamplesTest {
  private static final Path EXAMPLES = Path.of("src/test/java/dev/berth/testkit/examples");
  private static final Pattern TAG = Pattern.compile("(?s)// tag::([a-z-]+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]");

  @Test
  void everyTaggedExampleAppearsInDocsTestkitMd() throws IOException {
    String doc = read(Path.of("../docs/testkit.md"));
    List<String[]> snippets = snippets();
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(7);
    for (String[] s : snippets) {
      assertThat(doc).as("docs/testkit.md quotes example '%s'", s[0]).contains(s[1]);
    }
  }

  @Test
  void everyJavaBlockInDocsTestkitMdIsATaggedExample() throws IOException {
    String doc = read(Path.of("../docs/testkit.md"));
    List<String> quoted = snippets().stream().map(s -> s[1]).toList();
    Matcher block = Pattern.compile("(?s)```java\\n(.*?)\\n```").matcher(doc);
    int blocks = 0;
    while (block.find()) {
      blocks++;
      assertThat(quoted).as("a ```java block of docs/testkit.md that no example under %s holds verbatim", EXAMPLES)
          .contains(block.group(1));
    }
    assertThat(blocks).isGreaterThanOrEqualTo(10);
  }

  @Test
  void theExamplesCompileAgainstThePublishedTestkitAlone(@TempDir Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "this JVM has no javac (a JRE): cannot compile the examples");
    Path mainClasses = JavaCommand.locationOf(PortHolder.class);
    Path testClasses = JavaCommand.locationOf(DocsQuoteExamplesTest.class);
    assertThat(mainClasses).as("the testkit's main classes are apart from its tests").isNotEqualTo(testClasses);
    List<Path> classpath = new ArrayList<>(List.of(mainClasses));
    for (Path entry : JavaCommand.classpathEntries()) {
      if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
        classpath.add(entry); // bcpkix, JUnit, AssertJ...: what a user's test class path holds
      }
    }
    List<Path> sources;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      sources = files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("DocsQuoteExamplesTest.java")).sorted().toList();
    }
    assertThat(sources).hasSizeGreaterThanOrEqualTo(8);
    DiagnosticCollector<JavaFileObject> said = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(said, null, StandardCharsets.UTF_8)) {
      files.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(out));
      files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
      boolean compiled = javac.getTask(null, files, said, List.of("--release", "17", "-Xlint:deprecation,removal", "-Werror",
          "-proc:none"), null, files.getJavaFileObjectsFromPaths(sources)).call();
      assertThat(said.getDiagnostics()).as("javac on the examples with only the published testkit").isEmpty();
      assertThat(compiled).isTrue();
    }
    assertThat(out.resolve("dev/berth/testkit/examples/PlainServer.class")).exists();
  }

  @Test
  void docsTestkitMdQuotesTheConsumersJunitPlatformProperties() throws IOException {
    String doc = read(Path.of("../docs/testkit.md"));
    String props = read(Path.of("src/it/consumer/src/test/resources/junit-platform.properties")).strip();
    assertThat(props).contains("parallel.config.strategy = dynamic").contains("dynamic.factor = 1");
    assertThat(doc).as("the copy-paste junit-platform.properties is the file the consumer IT runs with")
        .contains("```properties\n" + props + "\n```");
  }

  @Test
  void theReadmeQuotesThePortInUseExample() throws IOException {
    String readme = read(Path.of("README.md"));
    String portInUse = snippets().stream().filter(s -> s[0].equals("port-in-use")).findFirst().orElseThrow()[1];
    assertThat(readme).contains(portInUse);
  }

  private static String read(Path file) throws IOException {
    assumeTrue(Files.isRegularFile(file), () -> file.toAbsolutePath() + " not found: not run from the module directory");
    return Files.readString(file);
  }

  /** [name, dedented text] for every tag::name[] ... end::name[] region of the examples. */
  static List<String[]> snippets() throws IOException {
    List<String[]> out = new ArrayList<>();
    assumeTrue(Files.isDirectory(EXAMPLES), () -> EXAMPLES.toAbsolutePath() + " not found: not run from the module directory");
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        Matcher m = TAG.matcher(Files.readString(f));
        while (m.find()) {
          out.add(new String[] {m.group(1), dedent(m.group(2))});
        }
      }
    }
    return out;
  }

  private static String dedent(String text) {
    String[] lines = text.split("\n", -1);
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      s.append(lines[i].isBlank() ? "" : lines[i].substring(indent));
      if (i < lines.length - 1) {
        s.append('\n');
      }
    }
    return s.toString();
  }
}
