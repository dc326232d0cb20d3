package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What operators deploy lives in deploy/; docs/operations.md quotes the systemd units and the
 * Kubernetes manifests (the exit-code examples in docs/exit-codes.md) so a reader needs no
 * second file. The quotes must be the files, byte for
 * byte: a fix made in one place only fails here.
 */
class DeployFilesDocTest {

  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
  private static final Path EXIT_CODES = Path.of("..", "docs", "exit-codes.md");

  private static List<String> blocks(String doc, String language) {
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Test
  void everySystemdUnitInDeployIsQuotedVerbatim() throws IOException {
    List<String> quoted = blocks(Files.readString(OPERATIONS), "ini");
    List<Path> units = files(DEPLOY.resolve("systemd"), "");
    units = units.stream().filter(p -> p.toString().endsWith(".service") || p.toString().endsWith(".socket")).toList();
    assertThat(units).hasSize(3);
    for (Path unit : units) {
      assertThat(quoted).as("docs/operations.md quotes %s exactly, in an ```ini block", unit).contains(Files.readString(unit));
    }
  }

  @Test
  void everyKubernetesManifestInDeployIsQuotedVerbatim() throws IOException {
    List<String> quoted = blocks(Files.readString(OPERATIONS) + Files.readString(EXIT_CODES), "yaml");
    List<Path> manifests = files(DEPLOY.resolve("kubernetes"), ".yaml");
    assertThat(manifests).hasSizeGreaterThanOrEqualTo(4);
    for (Path manifest : manifests) {
      assertThat(quoted).as("docs/operations.md or docs/exit-codes.md quotes %s exactly, in a ```yaml block", manifest)
          .contains(Files.readString(manifest));
    }
  }

  @Test
  void aChangedCopyIsNoticed() throws IOException {
    String unit = Files.readString(DEPLOY.resolve("systemd").resolve("berth.service"));
    assertThat(blocks(Files.readString(OPERATIONS), "ini")).doesNotContain(unit.replace("TimeoutStopSec=30s", "TimeoutStopSec=31s"));
  }
}
