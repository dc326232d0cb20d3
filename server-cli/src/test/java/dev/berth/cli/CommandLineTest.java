package dev.berth.cli;

import dev.berth.server.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line, in-process: everything here ends before any socket is bound or any
 * signal handler installed, so it is safe and fast inside the test JVM. The same exits are
 * checked for real, through a child process, in the *ProcessTest classes.
 */
class CommandLineTest {

  private record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new BerthCommand().execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:70000", "127.0.0.1:-1", "127.0.0.1:abc", "1.2.3.999:80", "[::1:80", "[zz]:80",
      "bad_host!:80", "127.0.0.1", ""})
  void aBadEndpointIsOneUsageLineNamingIt(String endpoint) {
    Run r = run("serve", "--bind", endpoint);
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("berth: ").contains("'" + endpoint + "'").doesNotContain("Usage:", "Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aDuplicateEndpointIsAUsageError() {
    Run r = run("check", "--bind", "127.0.0.1:9", "--bind", "127.0.0.1:0", "--bind", "127.0.0.1:9");
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.errLines()).singleElement().asString().contains("'127.0.0.1:9'").contains("more than once");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--bogus", "--instances=0", "--instances=x", "--bind-retries=-1", "--shutdown-timeout=5",
      "--bind-retry-delay=abc", "--log-format=xml", "--dns-server=nonsense", "extra-argument"})
  void everyBadOptionIsOneUsageLine(String option) {
    Run r = run("serve", option);
    assertThat(r.code()).as(r.err()).isEqualTo(64);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("berth: ").doesNotContain("Usage:").doesNotContain("\tat ");
    String named = option.contains("=") ? option.substring(option.indexOf('=') + 1) : option;
    assertThat(r.err()).contains(named);
  }

  @Test
  void aBareNumberDurationGetsAHint() {
    Run r = run("serve", "--shutdown-timeout", "30");
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err()).contains("'30' has no unit").contains("30s");
  }

  @Test
  void noCommandIsAUsageError() {
    Run r = run();
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.errLines()).hasSize(1);
  }

  @Test
  void helpGoesToStdoutWithTheExitCodes() {
    Run r = run("serve", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: berth serve", "--bind", "--shutdown-timeout", "Exit codes:", " 75", "TEMPFAIL");
    assertThat(r.err()).isEmpty();
    assertThat(run("--help").out()).contains("serve", "check", "exit-codes");
  }

  @Test
  void versionGoesToStdout() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("berth ");
  }

  @Test
  void exitCodesAsJson() {
    Run r = run("exit-codes", "--json");
    assertThat(r.code()).isZero();
    assertThat(new JsonObject(r.out()).getJsonArray("codes")).hasSize(7);
  }

  @Test
  void exitCodesAsText() {
    Run r = run("exit-codes");
    assertThat(r.code()).isZero();
    for (ExitCode c : ExitCode.values()) {
      assertThat(r.out()).contains(c.name(), c.meaning());
    }
    assertThat(r.out()).contains("USAGE > SOFTWARE > CONFIG > NOPERM > OSERR > TEMPFAIL");
  }

  @Test
  void appNotFoundIsAUsageError() {
    assertThat(run("serve", "--app", "com.example.NoSuchApp").code()).isEqualTo(64);
    assertThat(run("serve", "--app", "dev.berth.cli.apps.NotAnApplication").code()).isEqualTo(64);
  }

  @Test
  void appConstructorThrowingIsSoftware() {
    assertThat(run("serve", "--app", "dev.berth.cli.apps.ThrowingConstructorApplication").code()).isEqualTo(70);
  }

  @Test
  void anUnwritableReportLocationIsConfigBeforeAnyBind() {
    assertThat(run("check", "--report", "/nonexistent-berth-dir/report.json").code()).isEqualTo(78);
  }
}
