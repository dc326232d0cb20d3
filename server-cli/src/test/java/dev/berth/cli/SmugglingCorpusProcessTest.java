package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
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
  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");
  private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)\\*(.)\\}");

  private ServerProcess berth;
  private int port;

  record Vector(String name, List<Integer> expected, byte[] raw) {}

  record Answer(List<Integer> statuses, boolean closed, String text) {
    @Override
    public String toString() {
      return statuses + (closed ? " closed" : " open") + ": " + text.replace("\r", "\\r").replace("\n", "\\n");
    }
  }

  @BeforeAll
  void start() {
    berth = Berth.serve("--bind", "127.0.0.1:0");
    berth.awaitReady(Berth.START);
    port = Berth.listeningPorts(berth).get(0);
  }

  @AfterAll
  void stop() {
    if (berth != null) {
      Berth.kill(berth, "TERM");
      berth.assertExitCode(0, Berth.EXIT);
      berth.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyVectorGetsTheCorpusAnswer() throws IOException {
    List<Vector> vectors = corpus();
    assertThat(vectors).hasSizeGreaterThan(50);
    return vectors.stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
      Answer answer = send(v.raw());
      assertThat(answer.statuses()).as("%s: %s", v.name(), answer).isEqualTo(v.expected());
      if (v.expected().get(v.expected().size() - 1) >= 400) {
        assertThat(answer.closed()).as("%s must close: %s", v.name(), answer).isTrue();
      }
      assertThat(send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)).statuses())
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

  /** One fresh connection: until the server closes, 1 s of silence after data, or 15 s (loaded machine). */
  private Answer send(byte[] raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      try {
        out.write(raw);
        out.flush();
      } catch (IOException reset) {
        // berth may answer and close before reading all of it
      }
      InputStream in = socket.getInputStream();
      StringBuilder text = new StringBuilder();
      boolean closed = false;
      long deadline = System.nanoTime() + 15_000_000_000L;
      byte[] buffer = new byte[8192];
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout(text.length() > 0 ? 1000 : 15_000);
        try {
          int n = in.read(buffer);
          if (n < 0) {
            closed = true;
            break;
          }
          text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
          break;
        } catch (SocketException reset) {
          closed = true;
          break;
        }
      }
      List<Integer> statuses = new ArrayList<>();
      Matcher m = STATUS.matcher(text);
      while (m.find()) {
        statuses.add(Integer.parseInt(m.group(1)));
      }
      return new Answer(statuses, closed, text.toString());
    }
  }
}
