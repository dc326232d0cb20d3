package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.apps.EmbeddedMain;
import dev.berth.cli.apps.FailingStartApplication;
import dev.berth.cli.apps.SlowApplication;
import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.junit5.TestkitExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of scenarios run against {@code berth serve} and against an embedder's main on its
 * own Vert.x ({@link EmbeddedMain}): both run server-core's one serve lifecycle, so both must
 * end with the same status and say the same lines (berth's carry its {@code berth: } prefix,
 * and the numbers of ports and pids differ).
 */
@Isolated
@ExtendWith(TestkitExtension.class) // closes the static fixtures after the class
class LifecycleScenariosProcessTest {

  private static final ForeignPortHolder held = ForeignPortHolder.hold("127.0.0.1", 0);
  private static final TestCertificates certs = TestCertificates.create();
  private static final TestCertificates.Issued good = certs.localhost();

  /** What the test does once the server is ready (nothing, for a start that fails). */
  enum Act { NONE, TERM, SECOND_TERM, HUP }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of("busy port", List.of("--bind", held.endpoint()), Act.NONE, 75, "address already in use"),
        Arguments.of("bad TLS", List.of("--bind", "https://127.0.0.1:0", "--tls-cert", certs.directory().resolve("none.pem").toString(),
            "--tls-key", good.key().toString()), Act.NONE, 78, "TLS certificate or key unusable"),
        Arguments.of("overlap", List.of("--bind", "0.0.0.0:" + held.port(), "--bind", "127.0.0.1:" + held.port()), Act.NONE, 64, "overlaps"),
        Arguments.of("app start failure", List.of("--bind", "127.0.0.1:0", "--app", FailingStartApplication.class.getName()),
            Act.NONE, 70, "the application failed to start: java.lang.IllegalStateException: database unreachable"),
        Arguments.of("SIGTERM", List.of("--bind", "127.0.0.1:0"), Act.TERM, 0, "SIGTERM: stopping; draining in-flight requests for up to Ns"),
        Arguments.of("second SIGTERM", List.of("--bind", "127.0.0.1:0", "--app", SlowApplication.class.getName()),
            Act.SECOND_TERM, 143, "second SIGTERM: exiting now without draining (exit N)"),
        Arguments.of("SIGHUP", List.of("--bind", "https://127.0.0.1:0", "--tls-cert", good.certificate().toString(),
            "--tls-key", good.key().toString()), Act.HUP, 0, "SIGHUP: TLS certificate reloaded"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theCliAndAnEmbeddedMainEndAlike(String name, List<String> args, Act act, int status, String says) throws Exception {
    List<String> serve = new ArrayList<>(List.of("serve"));
    serve.addAll(args);
    Ended cli = run(Berth.command(serve), act);
    Ended embedded = run(Berth.java().main(EmbeddedMain.class.getName()).args(args.toArray(String[]::new)).build(), act);
    assertThat(cli.status).as("berth serve: %s", cli.lines).isEqualTo(status);
    assertThat(embedded.status).as("embedded: %s", embedded.lines).isEqualTo(status);
    assertThat(cli.lines).as("berth serve's lines").anyMatch(l -> l.contains(says));
    assertThat(embedded.lines).as("the embedded main says what berth says").isEqualTo(cli.lines);
  }

  private record Ended(int status, List<String> lines) {}

  private static Ended run(List<String> command, Act act) throws Exception {
    ServerProcess.Builder builder = ServerProcess.command(command);
    if (act != Act.NONE) {
      builder.readyWhenStderrMatches("listening on ");
    }
    try (ServerProcess p = builder.start()) {
      if (act != Act.NONE) {
        p.awaitReady(Berth.START);
        int port = Integer.parseInt(portOf(p));
        switch (act) {
          case TERM -> p.signal(Signal.TERM);
          case SECOND_TERM -> {
            send(port, "GET /slow?ms=30000 HTTP/1.1\r\nHost: x\r\n\r\n");
            awaitLine(p, "test-app: in flight");
            p.signal(Signal.TERM);
            awaitLine(p, "stopping; draining");
            p.signal(Signal.TERM);
          }
          case HUP -> {
            p.signal(Signal.HUP);
            awaitLine(p, "SIGHUP: TLS certificate reloaded");
            p.signal(Signal.TERM);
          }
          default -> { }
        }
      }
      int status = p.awaitExit(Berth.EXIT);
      // SLF4J's complaint about no provider: the embedded main runs on this module's test class path
      // (slf4j-api without a provider); berth's own class path has log4j's.
      return new Ended(status, p.stderrLines().stream().filter(l -> !l.startsWith("SLF4J(W)"))
          .map(LifecycleScenariosProcessTest::normal).toList());
    }
  }

  private static String portOf(ServerProcess p) {
    for (String line : p.stderrLines()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on https?://127\\.0\\.0\\.1:(\\d+)").matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no listening line: " + p.stderr());
  }

  /** Without berth's prefix and its usage suffix, with every number as N. */
  private static String normal(String line) {
    return line.replaceFirst("^berth: ", "").replace(" (see 'berth serve --help')", "").replaceAll("\\d+", "N");
  }

  private static Socket send(int port, String request) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    OutputStream out = s.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private static void awaitLine(ServerProcess p, String text) {
    p.awaitOutput(Pattern.compile(Pattern.quote(text)), Berth.START);
  }
}
