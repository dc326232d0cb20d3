package dev.berth.cli;

import dev.berth.server.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile command lines, thousands of them, in-process: any mix of valid options with exactly
 * one invalid piece ends in 64, exactly one line on stderr, no stack trace, never 0. Every
 * invalid piece here is one picocli or berth's option checks refuse before binding (picocli
 * prints the line to the err writer given to {@link BerthCommand#execute}), so no socket is
 * bound and no signal handler installed; a run that would start serving anyway is caught by a
 * timeout and fails the property. Failures found later, which berth logs through log4j (an
 * unwritable --report, an --app that is no class), and child-process samples of all of these:
 * {@link HostileCommandLineProcessTest}.
 */
class CommandLinePropertiesTest {

  private static final Set<Integer> CONTRACT = Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet());
  private static final List<String> OPTION_NAMES = List.of("-b", "--bind", "--report", "--dns-server", "--log-format", "-v",
      "--verbose", "-h", "--help", "-V", "--version", "--app", "--instances", "--bind-retries", "--bind-retry-delay",
      "--shutdown-timeout", "--idle-timeout", "--max-request-line", "--max-header-size", "--max-body-size", "--socket-mode");

  private static Path dir;
  private static ExecutorService runner;

  /** One invalid piece of a command line and the code it must produce. */
  record Bad(String option, List<String> tokens, int code) {}

  /** A whole command line and the code it must produce. */
  record Case(List<String> args, int code) {}

  private record Run(int code, String out, String err) {}

  @BeforeContainer
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("berth-cli-properties");
    runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "berth-property-run");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterContainer
  static void tearDown() throws IOException {
    runner.shutdownNow();
    Files.deleteIfExists(dir);
  }

  @Property(tries = 1500)
  void oneInvalidPieceEndsInItsCodeWithOneLineAndNoStackTrace(@ForAll("invalidCommandLines") Case c) throws Exception {
    Run r = run(c.args());
    assertThat(r.code()).as("%s; stderr: %s", c.args(), r.err()).isEqualTo(c.code()).isNotZero().isIn(CONTRACT);
    assertOneCleanLine(c.args(), r);
  }

  @Property(tries = 1000)
  void anythingThatIsNotACommandIsAUsageError(@ForAll("notACommand") List<String> args) throws Exception {
    Run r = run(args);
    assertThat(r.code()).as("%s; stderr: %s", args, r.err()).isEqualTo(ExitCode.USAGE.code());
    assertOneCleanLine(args, r);
  }

  private static void assertOneCleanLine(List<String> args, Run r) {
    assertThat(r.err().lines().count()).as("%s: exactly one line on stderr: %s", args, r.err()).isEqualTo(1);
    assertThat(r.err()).as("%s", args).startsWith("berth: ")
        .doesNotContain("\tat ", "Exception:", "Usage:", "Caused by");
    assertThat(r.out()).as("%s: nothing on stdout", args).isEmpty();
  }

  @Provide
  Arbitrary<Case> invalidCommandLines() {
    return Arbitraries.of("serve", "check").flatMap(command ->
        bad(command).flatMap(bad -> {
          List<List<String>> pool = goodPairs(command).stream()
              .filter(p -> bad.option() == null || !p.get(0).equals(bad.option()))
              .toList();
          return Combinators.combine(Arbitraries.of(pool).set().ofMaxSize(5), Arbitraries.integers().between(0, 5))
              .as((good, at) -> {
                List<List<String>> pieces = new ArrayList<>(good);
                pieces.add(Math.min(at, pieces.size()), bad.tokens());
                List<String> args = new ArrayList<>(List.of(command));
                pieces.forEach(args::addAll);
                return new Case(args, bad.code());
              });
        }));
  }

  @Provide
  Arbitrary<List<String>> notACommand() {
    Arbitrary<String> first = anyText().filter(t -> !Set.of("serve", "check", "exit-codes", "audit").contains(t) && !isHelpOrVersion(t));
    // --help or --version anywhere is a request for help, which picocli grants (exit 0) before
    // it complains about the rest: not an invalid command line.
    Arbitrary<String> rest = anyText().filter(t -> !isHelpOrVersion(t));
    return Combinators.combine(first, rest.list().ofMaxSize(4)).as((f, others) -> {
      List<String> args = new ArrayList<>(List.of(f));
      args.addAll(others);
      return args;
    });
  }

  /**
   * Valid (option, value) pieces; each option at most once per command line. Not --verbose:
   * it asks for stack traces, and gets them.
   */
  private static List<List<String>> goodPairs(String command) {
    List<List<String>> shared = List.of(
        List.of("--bind", "127.0.0.1:0"), List.of("--report", dir.resolve("report.json").toString()),
        List.of("--dns-server", "127.0.0.1:53"), List.of("--log-format", "json"));
    if (command.equals("check")) {
      return shared;
    }
    List<List<String>> serve = new ArrayList<>(shared);
    serve.addAll(List.of(List.of("--instances", "2"), List.of("--bind-retries", "1"), List.of("--bind-retry-delay", "100ms"),
        List.of("--shutdown-timeout", "5s"), List.of("--idle-timeout", "30s"), List.of("--max-request-line", "4KiB"),
        List.of("--max-header-size", "8KiB"), List.of("--max-body-size", "1MiB"), List.of("--socket-mode", "0660")));
    return serve;
  }

  /** Exactly one invalid piece, each one berth refuses before it binds anything. */
  private Arbitrary<Bad> bad(String command) {
    List<Arbitrary<? extends Bad>> kinds = new ArrayList<>(List.of(
        endpointText().filter(CommandLinePropertiesTest::rejectedByParser)
            .map(e -> new Bad("--bind", List.of("--bind", e), 64)),
        Arbitraries.just(new Bad("--bind", List.of("--bind", "127.0.0.1:9", "-b", "127.0.0.1:9"), 64)),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(s -> "--" + s)
            .filter(s -> !OPTION_NAMES.contains(s)).map(s -> new Bad(null, List.of(s), 64)),
        anyText().filter(t -> !t.startsWith("-") && !t.startsWith("@")).map(t -> new Bad(null, List.of(t), 64)),
        anyText().filter(t -> !t.equalsIgnoreCase("text") && !t.equalsIgnoreCase("json"))
            .map(t -> new Bad("--log-format", List.of("--log-format", t), 64)),
        anyText().filter(t -> !t.isBlank() && !t.startsWith("-")).map(t -> new Bad("--dns-server", List.of("--dns-server", "x" + t), 64))));
    if (command.equals("serve")) {
      for (String duration : List.of("--bind-retry-delay", "--shutdown-timeout", "--idle-timeout")) {
        kinds.add(anyText().filter(CommandLinePropertiesTest::notADuration).map(t -> new Bad(duration, List.of(duration, t), 64)));
      }
      for (String size : List.of("--max-request-line", "--max-header-size", "--max-body-size")) {
        kinds.add(Arbitraries.oneOf(anyText(), Arbitraries.integers().between(-5, 100_000).map(String::valueOf),
                Arbitraries.integers().between(0, 63).map(n -> n + "B"))
            .filter(t -> size.equals("--max-body-size") ? notASize(t) : notAHeaderLimit(t)).filter(t -> !t.startsWith("-") || t.matches("-\\d+"))
            .map(t -> new Bad(size, List.of(size, t), 64)));
      }
      kinds.add(Arbitraries.oneOf(anyText(), Arbitraries.integers().between(0, 99_999).map(String::valueOf))
          .filter(t -> !t.matches("0?[0-7]{3}") && !t.startsWith("-")).map(t -> new Bad("--socket-mode", List.of("--socket-mode", t), 64)));
      // Not anyText(): Integer.valueOf also reads "+5" and non-ASCII digits, which would make the line valid.
      kinds.add(Arbitraries.oneOf(Arbitraries.integers().between(-1000, 0).map(String::valueOf),
              Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8))
          .map(t -> new Bad("--instances", List.of("--instances", t), 64)));
    }
    return Arbitraries.oneOf(kinds);
  }

  /**
   * Any text, except picocli's @argument-file syntax (it would read a file of that name) and
   * help or version requests (granted with 0 wherever they appear).
   */
  private static Arbitrary<String> anyText() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
        Arbitraries.strings().withChars("0123456789abcKMGiBmshPT.:-+ \t\n\r[]").ofMaxLength(12))
        .filter(t -> !t.startsWith("@") && !isHelpOrVersion(t));
  }

  private static Arbitrary<String> endpointText() {
    Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789abcdef.:[]%-_/@ \t\nunix:").ofMaxLength(30);
    Arbitrary<String> port = Arbitraries.oneOf(Arbitraries.integers().between(-2, 70_000).map(String::valueOf),
        Arbitraries.strings().withChars("0123456789x-+ ").ofMaxLength(6));
    Arbitrary<String> host = Arbitraries.oneOf(Arbitraries.of("127.0.0.1", "1.2.3.999", "[::1]", "[zz]", "localhost", "a_b", ""),
        Arbitraries.strings().withChars("abc019-_.").ofMaxLength(12));
    return Arbitraries.oneOf(noise, Combinators.combine(host, port).as((h, p) -> h + ":" + p))
        .filter(t -> !t.startsWith("-"));
  }

  private static boolean rejectedByParser(String text) {
    try {
      Endpoint.parse(text);
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static boolean notADuration(String text) {
    if (text.startsWith("-")) {
      return false;  // would read as an option, not as the value
    }
    try {
      DurationText.parse(text);
      return false;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private static boolean notASize(String text) {
    try {
      SizeText.parse(text);
      return false;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** Request line and header limits: not a size, or outside 64B..1MiB. */
  private static boolean notAHeaderLimit(String text) {
    try {
      long bytes = SizeText.parse(text);
      return bytes < 64 || bytes > 1 << 20;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** Anything picocli may read as -h or -V, alone or clustered ({@code -h0}, {@code -Vx}), or --help/--version. */
  private static boolean isHelpOrVersion(String text) {
    return text.startsWith("--help") || text.startsWith("--version")
        || (text.startsWith("-") && !text.startsWith("--") && (text.contains("h") || text.contains("V")));
  }

  /** Runs berth in-process with its stdout and stderr writers captured; a run that does not end in 20 s fails. */
  private static Run run(List<String> args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Future<Integer> code = runner.submit(() ->
        new BerthCommand().execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new)));
    try {
      return new Run(code.get(20, TimeUnit.SECONDS), out.toString(), err.toString());
    } catch (TimeoutException e) {
      throw new AssertionError("berth did not return within 20 s for " + args + ": it got past validation", e);
    }
  }
}
