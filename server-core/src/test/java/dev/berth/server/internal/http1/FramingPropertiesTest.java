package dev.berth.server.internal.http1;

import dev.berth.server.Bind;
import dev.berth.server.BerthServer;
import dev.berth.testkit.Conversation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutated header blocks: a request that carries both a Content-Length and a Transfer-Encoding
 * however a lenient parser might spell them (case, stray whitespace, control bytes, commas,
 * quotes inserted into either field), or a chunk-size line with such bytes inserted, is
 * ambiguous; it must never be answered 200. The mutations only insert bytes that are not token
 * characters and never LF, so no mutation can turn the request into an unambiguous one. Checked
 * against the pure parser (many tries) and a running server (fewer; a socket each).
 */
class FramingPropertiesTest {

  private static final String BASE_CL = "Content-Length: 5";
  private static final String BASE_TE = "Transfer-Encoding: chunked";
  private static final char[] INSERTABLE = {' ', '\t', 0x0b, 0x0c, 0x00, '\r', ',', ';', '"', 0x7f, 0xff, '(', '@', '='};

  private static BerthServer server;
  private static int port;
  private static final List<String> SEEN = new CopyOnWriteArrayList<>();

  @BeforeContainer
  static void start() {
    server = BerthServer.builder().bind("127.0.0.1:0").idleTimeout(Duration.ofSeconds(5))
        .handler(r -> {
          SEEN.add(r.method() + " " + r.uri());
          r.response().end("ok");
        })
        .build();
    port = Bind.started(server).bound().get(0).port();
  }

  @AfterContainer
  static void stop() {
    server.stopAndWait(Duration.ofSeconds(2));
  }

  @Property(tries = 3000)
  void theParserRefusesEveryMutatedLengthAndCodingPair(@ForAll("ambiguousHeads") String head) {
    byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> RequestFraming.judge(bytes, 4096, 8192)).isInstanceOf(RefusedRequest.class);
  }

  @Property(tries = 150)
  void theServerNeverAnswers200ToAMutatedLengthAndCodingPair(@ForAll("ambiguousHeads") String head) {
    SEEN.clear();
    Conversation c = Conversation.of(port, head + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(c.statuses()).as("%s", c).hasSize(1).allMatch(s -> s >= 400);
    assertThat(c.closed()).as("%s", c).isTrue();
    assertThat(SEEN).isEmpty();
  }

  @Property(tries = 150)
  void theServerNeverAnswers200ToAMutatedChunkSize(@ForAll("mutatedChunkSizes") String sizeLine) {
    SEEN.clear();
    Conversation c = Conversation.of(port, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + sizeLine + "\r\nhello\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(c.statuses()).as("%s", c).hasSize(1).allMatch(s -> s >= 400);
    assertThat(c.closed()).as("%s", c).isTrue();
    assertThat(SEEN).isEmpty();
  }

  @Provide
  Arbitrary<String> ambiguousHeads() {
    Arbitrary<String> cl = mutated(BASE_CL);
    Arbitrary<String> te = mutated(BASE_TE);
    return Combinators.combine(cl, te, Arbitraries.of(true, false)).as((c, t, clFirst) ->
        "POST / HTTP/1.1\r\nHost: x\r\n" + (clFirst ? c + "\r\n" + t : t + "\r\n" + c) + "\r\n\r\n");
  }

  @Provide
  Arbitrary<String> mutatedChunkSizes() {
    return Arbitraries.oneOf(insertions("5", 1, 3), Arbitraries.of("0x5", "+5", "-5", "5 ", " 5", "05;", "5;=", "5;a=\"", "5\t", "10000000000000005"));
  }

  /** {@code line} with its letters' case flipped at random and 1 to 3 non-token bytes inserted (at least one). */
  private static Arbitrary<String> mutated(String line) {
    Arbitrary<String> cased = Arbitraries.integers().between(0, Integer.MAX_VALUE).map(seed -> {
      StringBuilder b = new StringBuilder(line);
      for (int i = 0; i < b.length(); i++) {
        if ((seed >>> (i % 31) & 1) == 1) {
          char ch = b.charAt(i);
          b.setCharAt(i, Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch));
        }
      }
      return b.toString();
    });
    return cased.flatMap(c -> Arbitraries.oneOf(insertions(c, 1, 3), Arbitraries.just(c)));
  }

  private static Arbitrary<String> insertions(String s, int min, int max) {
    Arbitrary<Integer> position = Arbitraries.integers().between(0, s.length());
    Arbitrary<Character> what = Arbitraries.of(INSERTABLE);
    return Combinators.combine(position, what).as((p, c) -> new int[] {p, c}).list().ofMinSize(min).ofMaxSize(max)
        .map(edits -> {
          StringBuilder b = new StringBuilder(s);
          for (int[] e : edits) {
            b.insert(Math.min(e[0], b.length()), (char) e[1]);
          }
          return b.toString();
        });
  }
}
