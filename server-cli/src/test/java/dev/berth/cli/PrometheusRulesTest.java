package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules docs/operations.md recommends (deploy/prometheus/berth-alerts.yml) load in Prometheus and fire
 * as their unit tests say: promtool from Debian's prometheus package judges both.
 */
class PrometheusRulesTest {

  private static final Path RULES = Path.of("..", "deploy", "prometheus");

  @Test
  void theRulesLoadAndPassTheirUnitTests() throws Exception {
    assumeTrue(MetricsProcessTest.onPath("promtool"), "promtool is not installed (Debian: apt-get install prometheus)");
    assertThat(promtool("check", "rules", "berth-alerts.yml")).contains("SUCCESS: 5 rules found");
    assertThat(promtool("test", "rules", "berth-alerts.test.yml")).contains("SUCCESS");
  }

  @Test
  void operationsMdNamesEveryAlert() throws Exception {
    String rules = Files.readString(RULES.resolve("berth-alerts.yml"));
    String doc = Files.readString(Path.of("..", "docs", "operations.md"));
    for (String alert : rules.lines().filter(l -> l.trim().startsWith("- alert: ")).map(l -> l.trim().substring(9)).toList()) {
      assertThat(doc).as("docs/operations.md mentions %s", alert).contains(alert);
    }
  }

  private static String promtool(String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(java.util.List.of("promtool")));
    pb.command().addAll(java.util.List.of(args));
    Process p = pb.directory(RULES.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool %s said:%n%s", String.join(" ", args), out).isZero();
    return out;
  }
}
