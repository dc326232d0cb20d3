package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ServerProcess;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Samples of {@link CommandLinePropertiesTest}' hostile command lines run as a real child process,
 * so the status a supervisor sees and the stream it reads are checked too, not only the
 * in-process return value.
 */
class HostileCommandLineProcessTest {

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of(new String[] {"serve", "--max-body-size", "10", "--bind", "127.0.0.1:0"}, 64, "'10' has no unit"),
        Arguments.of(new String[] {"serve", "--max-header-size", "8KB"}, 64, "decimal unit"),
        Arguments.of(new String[] {"serve", "--max-request-line", "1B"}, 64, "out of range"),
        Arguments.of(new String[] {"serve", "--socket-mode", "4777", "--bind", "unix:/tmp/x.sock"}, 64, "not a socket mode"),
        Arguments.of(new String[] {"serve", "--idle-timeout", "-1s"}, 64, "--idle-timeout"),
        Arguments.of(new String[] {"check", "--bind", "127.0.0.1:0", "--report", "/nonexistent-dir/r.json"}, 78, "does not exist"),
        Arguments.of(new String[] {"serve", "--log-format", "json", "--report", "/nonexistent-dir/r.json"}, 78, "does not exist"),
        Arguments.of(new String[] {"serve", "--bind", "127.0.0.1:0", "--app", "no.such.App"}, 64, "no such class"),
        Arguments.of(new String[] {"\u0007\n\u202e", "serve"}, 64, "berth: "));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void aHostileCommandLineIsOneLineAndItsCode(String[] args, int code, String says) {
    ServerProcess berth = Berth.run(args);
    assertThat(berth.awaitExit(Berth.EXIT)).as(berth.stderr()).isEqualTo(code);
    // A usage error is plain text; a later failure follows --log-format (then a JSON object).
    assertThat(berth.stderrLines()).singleElement().asString().matches("(berth: |\\{\").*").contains(says)
        .doesNotContain("Exception", "\tat ");
    assertThat(berth.stdout()).isEmpty();
  }
}
