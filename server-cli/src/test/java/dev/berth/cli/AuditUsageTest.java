package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code berth audit}'s own usage errors: one line on stderr, exit 64, nothing run. */
class AuditUsageTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "audit                                       | no command to audit",
      "audit -- srv --port 8080                    | never says where to listen",
      "audit -- srv {host}:{prot}                  | unknown placeholder {prot}",
      "audit --only inuse-v5 -- srv {host}:{port}  | unknown scenario 'inuse-v5'",
      "audit --json --markdown -- srv {url}        | --json and --markdown exclude each other",
      "audit --frobnicate -- srv {url}             | Unknown option: '--frobnicate'",
  })
  void isOneLineAndSixtyFour(String line, String says) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new BerthCommand().execute(new PrintWriter(out, true), new PrintWriter(err, true), line.trim().split("\\s+"));
    assertThat(code).isEqualTo(64);
    assertThat(err.toString().lines()).singleElement().asString().startsWith("berth: ").contains(says).contains("berth audit --help");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpListsTheAuditsOwnStatusesNotTheServersContract() {
    StringWriter out = new StringWriter();
    int code = new BerthCommand().execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "audit", "--help");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("Exit status:", "a scenario FAILs", "{port2}").doesNotContain("TEMPFAIL");
  }
}
