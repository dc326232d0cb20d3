package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@link ServeFastPath} against picocli on the same command lines: every serve line it takes
 * fills exactly the fields picocli fills (defaults included); a bad value, and everything
 * picocli treats specially, makes it decline, so picocli alone words every error.
 */
class ServeFastPathTest {

  /** Options the front leaves to picocli whatever their value (help, negatable, optional value, a method). */
  private static final Set<String> PICOCLI_ONLY = Set.of("--help", "--version", "--http2", "--native-transport",
      "--access-log", "--tls-keystore-password");

  /** Valid values for each other option; a new option fails {@link #everyOptionItTakesHasSamples}. */
  private static final Map<String, List<String>> SAMPLES = new LinkedHashMap<>();

  static {
    SAMPLES.put("--bind", List.of("127.0.0.1:0", "[::1]:8080", "unix:/tmp/berth-line.sock", "https://127.0.0.1:8443",
        "systemd", "localhost:1", "fd:3"));
    SAMPLES.put("--report", List.of("/tmp/report.json", "report.json"));
    SAMPLES.put("--termination-log", List.of("/dev/termination-log", "none"));
    SAMPLES.put("--dns-server", List.of("127.0.0.1:5353", "[::1]"));
    SAMPLES.put("--log-format", List.of("json", "TEXT", "Json"));
    SAMPLES.put("--verbose", List.of());
    SAMPLES.put("--idle-timeout", List.of("5s", "PT1S", "0s", "250ms"));
    SAMPLES.put("--max-request-line", List.of("8KiB", "100B"));
    SAMPLES.put("--max-header-size", List.of("16KiB"));
    SAMPLES.put("--max-body-size", List.of("1MiB", "0B"));
    SAMPLES.put("--max-connections", List.of("10", "0"));
    SAMPLES.put("--header-timeout", List.of("3s"));
    SAMPLES.put("--socket-mode", List.of("0600", "660"));
    SAMPLES.put("--tls-cert", List.of("cert.pem"));
    SAMPLES.put("--tls-key", List.of("/etc/key.pem"));
    SAMPLES.put("--tls-keystore", List.of("ks.p12"));
    SAMPLES.put("--tls-password-file", List.of("pw.txt"));
    SAMPLES.put("--static", List.of("/srv/www", "."));
    SAMPLES.put("--static-listing", List.of());
    SAMPLES.put("--static-follow-symlinks", List.of());
    SAMPLES.put("--app", List.of("com.example.App"));
    SAMPLES.put("--instances", List.of("2", "1"));
    SAMPLES.put("--bind-retries", List.of("3"));
    SAMPLES.put("--bind-retry-delay", List.of("1s", "PT0.25S"));
    SAMPLES.put("--shutdown-timeout", List.of("30s", "0s"));
    SAMPLES.put("--metrics", List.of("127.0.0.1:9100", "unix:/tmp/berth-metrics.sock", "[::1]:0"));
  }

  @Test
  void everyOptionItTakesHasSamples() {
    List<String> options = new BerthCommand().commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
        .getSubcommands().get("serve").getCommandSpec().options().stream()
        .map(CommandLine.Model.OptionSpec::longestName).filter(name -> !PICOCLI_ONLY.contains(name)).toList();
    assertThat(options).containsExactlyInAnyOrderElementsOf(SAMPLES.keySet());
  }

  static Stream<List<String>> lines() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(List.of("serve"));
    SAMPLES.forEach((option, values) -> {
      if (values.isEmpty()) {
        lines.add(List.of("serve", option));
      }
      for (String value : values) {
        lines.add(List.of("serve", option, value));
        lines.add(List.of("serve", option + "=" + value));
      }
    });
    lines.add(List.of("serve", "-b", "127.0.0.1:0", "-v"));
    lines.add(List.of("serve", "--bind", "127.0.0.1:0", "--bind=[::1]:0", "-b", "unix:/tmp/a.sock"));
    lines.add(List.of("serve", "--dns-server", "127.0.0.1", "--dns-server", "[::1]:53"));
    lines.add(List.of("serve", "--socket-mode", "0600", "--bind", "unix:/tmp/a.sock"));
    List<String> everything = new ArrayList<>(List.of("serve"));
    SAMPLES.forEach((option, values) -> {
      everything.add(option);
      if (!values.isEmpty()) {
        everything.add(values.get(0));
      }
    });
    lines.add(everything);
    return lines.stream();
  }

  @ParameterizedTest
  @MethodSource("lines")
  void fillsWhatPicocliFills(List<String> line) throws Exception {
    assertSameAsPicocli(line.toArray(String[]::new));
  }

  @Property(tries = 300)
  void anyMixOfValidOptionsFillsWhatPicocliFills(@ForAll("validLines") List<String> line) throws Exception {
    String[] args = line.toArray(String[]::new);
    Optional<ServeCommand> quick = ServeFastPath.parse(new BerthCommand(), args);
    if (quick.isEmpty()) {
      // Declining is always correct (picocli parses); a repeated single option is the one reason here.
      assertThat(repeatsASingleOption(line)).as("declined %s", line).isTrue();
      return;
    }
    assertSameAsPicocli(args);
  }

  @Provide
  Arbitrary<List<String>> validLines() {
    List<List<String>> pieces = new ArrayList<>();
    SAMPLES.forEach((option, values) -> {
      if (values.isEmpty()) {
        pieces.add(List.of(option));
      }
      values.forEach(v -> {
        pieces.add(List.of(option, v));
        pieces.add(List.of(option + "=" + v));
      });
    });
    pieces.add(List.of("-b", "127.0.0.1:9"));
    pieces.add(List.of("-v"));
    return Arbitraries.of(pieces).list().ofMaxSize(8).map(chosen -> {
      List<String> line = new ArrayList<>(List.of("serve"));
      chosen.forEach(line::addAll);
      return line;
    });
  }

  static Stream<List<String>> badValues() {
    return Stream.of(
        List.of("serve", "--bind", "1.2.3.999:80"),
        List.of("serve", "-b", "127.0.0.1:99999"),
        List.of("serve", "--bind=nocolon"),
        List.of("serve", "--bind="),
        List.of("serve", "--bind", "127.0.0.1:0", "--bind", "[::1]"),
        List.of("serve", "--idle-timeout", "5 parsecs"),
        List.of("serve", "--max-body-size", "lots"),
        List.of("serve", "--socket-mode", "4777"),
        List.of("serve", "--bind-retry-delay=x"),
        List.of("serve", "--shutdown-timeout", "1 week", "--verbose"),
        List.of("serve", "--report", "r.json", "--header-timeout", "soon"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void leavesABadValueToPicocli(List<String> line) {
    String[] args = line.toArray(String[]::new);
    assertThat(ServeFastPath.parse(new BerthCommand(), args)).isEmpty();
    StringWriter said = new StringWriter();
    int status = new BerthCommand().execute(new PrintWriter(new StringWriter()), new PrintWriter(said, true), args);
    assertThat(status).isEqualTo(64);
    assertThat(said.toString()).startsWith("berth: Invalid value for option '--").endsWith("(see 'berth serve --help')" + System.lineSeparator());
  }

  static Stream<List<String>> declined() {
    return Stream.of(
        List.of(), List.of("check", "--bind", "127.0.0.1:0"), List.of("--verbose", "serve"), List.of("exit-codes"),
        List.of("serve", "--help"), List.of("serve", "-h"), List.of("serve", "--version"), List.of("serve", "-V"),
        List.of("serve", "--no-http2"), List.of("serve", "--http2"), List.of("serve", "--no-native-transport"),
        List.of("serve", "--native-transport"), List.of("serve", "--access-log"), List.of("serve", "--access-log", "a.log"),
        List.of("serve", "--tls-password", "secret"), List.of("serve", "@args.txt"), List.of("serve", "--bind", "@args.txt"),
        List.of("serve", "--"), List.of("serve", "127.0.0.1:0"), List.of("serve", "-vb", "127.0.0.1:0"),
        List.of("serve", "-b127.0.0.1:0"), List.of("serve", "--report", "a", "--report", "b"), List.of("serve", "--nope"),
        List.of("serve", "--instances", "x"), List.of("serve", "--instances", "-1"), List.of("serve", "--bind"),
        List.of("serve", "--verbose=true"), List.of("serve", "--bind", "--verbose"), List.of("serve", "--log-format", "yaml"),
        List.of("serve", "--max-connections", "1e3"), List.of("serve", "--bin", "127.0.0.1:0"));
  }

  @ParameterizedTest
  @MethodSource("declined")
  void declinesWhatPicocliTreatsSpecially(List<String> line) {
    assertThat(ServeFastPath.parse(new BerthCommand(), line.toArray(String[]::new))).isEmpty();
  }

  private static boolean repeatsASingleOption(List<String> line) {
    Map<String, Integer> seen = new TreeMap<>();
    for (String arg : line) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      name = name.equals("-b") ? "--bind" : name.equals("-v") ? "--verbose" : name;
      if (SAMPLES.containsKey(name)) {
        seen.merge(name, 1, Integer::sum);
      }
    }
    return seen.entrySet().stream().anyMatch(e -> e.getValue() > 1 && !e.getKey().equals("--bind") && !e.getKey().equals("--dns-server"));
  }

  private static void assertSameAsPicocli(String[] args) throws IllegalAccessException {
    Optional<ServeCommand> quick = ServeFastPath.parse(new BerthCommand(), args);
    assertThat(quick).as("the front takes %s", List.of(args)).isPresent();
    ServeCommand lean = quick.get();
    CommandLine picocli = new BerthCommand().commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    ServeCommand full = (ServeCommand) picocli.parseArgs(args).subcommand().commandSpec().userObject();
    assertThat(state(lean)).as("fields after %s", List.of(args)).isEqualTo(state(full));
    assertThat(lean.parent).isNotNull();
  }

  /** Every field of the command and of its mixins, by name; picocli's own handles left out. */
  private static Map<String, Object> state(ServeCommand command) throws IllegalAccessException {
    Map<String, Object> state = new TreeMap<>();
    for (Field field : ServeCommand.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) || field.getName().equals("parent")) {
        continue;
      }
      field.setAccessible(true);
      Object value = field.get(command);
      if (field.isAnnotationPresent(CommandLine.Mixin.class)) {
        for (Field inner : field.getType().getDeclaredFields()) {
          if (!Modifier.isStatic(inner.getModifiers()) && inner.getType() != CommandSpec.class) {
            inner.setAccessible(true);
            state.put(field.getName() + "." + inner.getName(), inner.get(value));
          }
        }
      } else {
        state.put(field.getName(), value);
      }
    }
    return state;
  }
}
