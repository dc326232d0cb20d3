package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Conversation;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every request of bench/smuggling-corpus.txt, sent raw on its own connection to one real
 * {@code berth serve} child: the statuses must be the corpus's, in order; a refused request
 * must close the connection with nothing after the one answer; the child keeps serving. The
 * same file drives bench/smuggling.py, so the table in docs/reliability.md and this test
 * cannot drift apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmugglingCorpusProcessTest {

  private static final Path CORPUS = Path.of("..", "bench", "smuggling-corpus.txt");
  private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)\\*(.)\\}");

  private ServerProcess berth;
  private int port;

  record Vector(String name, List<Integer> expected, byte[] raw) {}

  @BeforeAll
  void start() {
    berth = Berth.serve("--bind", "127.0.0.1:0");
    berth.awaitReady(Berth.START);
    port = Berth.listeningPorts(berth).get(0);
  }

  @AfterAll
  void stop() {
    if (berth != null) {
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      berth.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyVectorGetsTheCorpusAnswer() throws IOException {
    List<Vector> vectors = corpus();
    assertThat(vectors).hasSizeGreaterThan(50);
    return vectors.stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
      Conversation answer = Conversation.of(port, v.raw());
      assertThat(answer.statuses()).as("%s: %s", v.name(), answer).isEqualTo(v.expected());
      if (v.expected().get(v.expected().size() - 1) >= 400) {
        assertThat(answer.closed()).as("%s must close: %s", v.name(), answer).isTrue();
      }
      assertThat(Conversation.of(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").statuses())
          .as("still serving after %s; child stderr:%n%s", v.name(), berth.stderr()).containsExactly(200);
    }));
  }

  static List<Vector> corpus() throws IOException {
    List<Vector> vectors = new ArrayList<>();
    for (String line : Files.readAllLines(CORPUS, StandardCharsets.ISO_8859_1)) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ", 3);
      List<Integer> expected = Arrays.stream(parts[1].split(",")).map(Integer::valueOf).toList();
      vectors.add(new Vector(parts[0], expected, unescape(parts[2]).getBytes(StandardCharsets.ISO_8859_1)));
    }
    return vectors;
  }

  /** The corpus's escapes: backslash r, n, t, backslash, xHH; and {N*c} for c repeated N times. */
  static String unescape(String raw) {
    Matcher repeat = REPEAT.matcher(raw);
    StringBuilder expanded = new StringBuilder();
    while (repeat.find()) {
      repeat.appendReplacement(expanded, Matcher.quoteReplacement(repeat.group(2).repeat(Integer.parseInt(repeat.group(1)))));
    }
    repeat.appendTail(expanded);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < expanded.length(); i++) {
      char c = expanded.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = expanded.charAt(++i);
      switch (e) {
        case 'r' -> out.append('\r');
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case '\\' -> out.append('\\');
        case 'x' -> {
          out.append((char) Integer.parseInt(expanded.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + e + " in the corpus");
      }
    }
    return out.toString();
  }
}
