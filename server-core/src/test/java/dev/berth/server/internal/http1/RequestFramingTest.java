package dev.berth.server.internal.http1;

import dev.berth.server.Bind;
import dev.berth.server.BerthServer;
import dev.berth.testkit.Await;
import dev.berth.testkit.Conversation;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests whose framing a proxy could read differently are refused inside server-core,
 * before the application sees them; the client gets exactly one answer and a closed
 * connection, after the answers to anything it pipelined before. The full list of vectors
 * runs against a real berth process in server-cli's SmugglingCorpusProcessTest.
 */
class RequestFramingTest {

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private BerthServer server;
  private int port;

  @BeforeEach
  void start() {
    server = BerthServer.builder().bind("127.0.0.1:0")
        .idleTimeout(Duration.ofSeconds(5))
        .handler(r -> {
          seen.add(r.method() + " " + r.uri());
          switch (r.path()) {
            case "/slow" -> Vertx.currentContext().owner().setTimer(300, t -> r.response().end("slow"));
            case "/eager" -> r.response().end("eager"); // answers before reading the body
            case "/ws" -> r.toWebSocket().onSuccess(ws -> ws.textMessageHandler(m -> ws.writeTextMessage("echo " + m)));
            default -> r.body().onSuccess(b -> r.response().end("ok " + b.length()));
          }
        })
        .build();
    port = Bind.started(server).bound().get(0).port();
  }

  @AfterEach
  void stop() {
    server.stopAndWait(Duration.ofSeconds(2));
  }

  @Test
  void contentLengthBesideChunkedIsRefusedAndNothingReachesTheApplication() {
    Conversation c = Conversation.of(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(c.statuses()).as("%s", c).containsExactly(400);
    assertThat(c.closed()).as("%s", c).isTrue();
    assertThat(c.text()).contains("Connection: close").endsWith("bad request: both Transfer-Encoding and Content-Length\n");
    assertThat(seen).isEmpty();
  }

  @Test
  void anUnknownCodingBeforeChunkedIs501() {
    Conversation c = Conversation.of(port, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
    assertThat(c.statuses()).as("%s", c).containsExactly(501);
    assertThat(c.closed()).isTrue();
    assertThat(seen).isEmpty();
  }

  @Test
  void aRefusalWaitsForTheSlowAnswerToTheRequestPipelinedBeforeIt() {
    Conversation c = Conversation.of(port, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n\r\n");
    assertThat(c.statuses()).as("%s", c).containsExactly(200, 400);
    assertThat(c.text()).contains("slow");
    assertThat(c.closed()).isTrue();
    assertThat(seen).containsExactly("GET /slow");
  }

  @Test
  void aBadChunkInASmallBodyIsRefusedBeforeTheApplicationSeesTheRequest() {
    Conversation c = Conversation.of(port, "POST /eager HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n+1\r\nA\r\n0\r\n\r\n");
    assertThat(c.statuses()).as("%s", c).containsExactly(400);
    assertThat(c.closed()).isTrue();
    assertThat(seen).isEmpty();
  }

  @Test
  void aBadChunkPastTheHoldLimitClosesWithoutASecondResponse() throws IOException, InterruptedException {
    Conversation c = bodyGoingBadAfterTheHoldLimit("/eager");
    assertThat(c.statuses()).as("the application answered the head; no 400 may follow: %s", c).containsExactly(200);
    assertThat(c.closed()).isTrue();
  }

  @Test
  void aBadChunkPastTheHoldLimitIs400WhenTheApplicationHasNotAnswered() throws IOException, InterruptedException {
    Conversation c = bodyGoingBadAfterTheHoldLimit("/");
    assertThat(c.statuses()).as("%s", c).containsExactly(400);
    assertThat(c.closed()).isTrue();
  }

  /** Sends more than the hold limit of valid chunks, waits until the head reached the application, then a bad chunk. */
  private Conversation bodyGoingBadAfterTheHoldLimit(String path) throws IOException, InterruptedException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      String valid = ("4000\r\n" + "b".repeat(0x4000) + "\r\n").repeat(5);
      out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + valid).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      awaitSeen();
      assertThat(seen).containsExactly("POST " + path);
      out.write("1 \r\nA\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return Conversation.readAll(socket);
    }
  }

  private void awaitSeen() {
    Await.until("the handler saw the request", Duration.ofSeconds(15), () -> !seen.isEmpty());
  }

  @Test
  void validChunkedAndLengthBodiesStillWorkAndKeepTheConnection() {
    Conversation c = Conversation.of(port, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;name=\"v\\\"q\"\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n"
        + "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(c.statuses()).as("%s", c).containsExactly(200, 200);
    assertThat(c.text()).contains("ok 5").contains("ok 3");
    assertThat(c.closed()).isFalse();
  }

  @Test
  void aClientWaitingFor100ContinueHasItsHeadDeliveredAtOnce() throws IOException, InterruptedException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      awaitSeen();
      assertThat(seen).as("the head reached the application before any body byte was sent").containsExactly("POST /");
      out.write("3\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Conversation c = Conversation.readAll(socket);
      assertThat(c.statuses()).as("%s", c).endsWith(200);
      assertThat(c.text()).contains("ok 3");
    }
  }

  @Test
  void cleartextHttp2PriorKnowledgeIsNotServed() {
    Conversation c = Conversation.of(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assertThat(c.statuses()).as("%s", c).containsExactly(505);
    assertThat(c.closed()).isTrue();
  }

  @Test
  void absoluteFormWithTheSameHostIsServedAndADifferentHostIsNot() {
    assertThat(Conversation.of(port, "GET http://Example.test:80/a HTTP/1.1\r\nHost: example.test\r\n\r\n").statuses()).containsExactly(200);
    Conversation other = Conversation.of(port, "GET http://example.test/a HTTP/1.1\r\nHost: example.test:8080\r\n\r\n");
    assertThat(other.statuses()).as("%s", other).containsExactly(400);
    assertThat(other.closed()).isTrue();
    assertThat(seen).containsExactly("GET http://Example.test:80/a");
  }

  @Test
  void aWebSocketStillWorksAfterItsUpgradeBecauseTheGuardStepsAside() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      java.io.InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        assertThat(b).as("upgrade response so far: %s", head).isNotNegative();
        head.append((char) b);
      }
      assertThat(head).startsWith("HTTP/1.1 101");
      byte[] mask = {1, 2, 3, 4};
      byte[] payload = "hi".getBytes(StandardCharsets.US_ASCII);
      byte[] frame = new byte[2 + 4 + payload.length];
      frame[0] = (byte) 0x81; // FIN, text
      frame[1] = (byte) (0x80 | payload.length); // masked, as a client must
      System.arraycopy(mask, 0, frame, 2, 4);
      for (int i = 0; i < payload.length; i++) {
        frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
      }
      out.write(frame);
      out.flush();
      byte[] reply = in.readNBytes(2 + "echo hi".length());
      assertThat(reply[0] & 0xff).isEqualTo(0x81);
      assertThat(new String(reply, 2, reply.length - 2, StandardCharsets.US_ASCII)).isEqualTo("echo hi");
    }
  }

  @Test
  void requestsArrivingByteByByteAreJudgedTheSame() throws IOException {
    assertThat(drip("\r\nPOST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nX: y\r\n\r\n").statuses())
        .containsExactly(200);
    Conversation refused = drip("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assertThat(refused.statuses()).as("%s", refused).containsExactly(400);
    assertThat(refused.closed()).isTrue();
    assertThat(seen).containsExactly("POST /");
  }

  private Conversation drip(String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      try {
        for (byte b : raw.getBytes(StandardCharsets.ISO_8859_1)) {
          out.write(b);
          out.flush();
        }
      } catch (IOException refusedEarly) {
        // berth answers a refused head at once and closes; the rest cannot be sent
      }
      return Conversation.readAll(socket);
    }
  }
}
