package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Oversized or slow requests get a 4xx or a closed connection, and the server keeps
 * serving; an application's exception never shows a stack trace to the client.
 */
class HostileRequestsTest {

  private BerthServer server;
  private int port;

  @BeforeEach
  void start() {
    server = BerthServer.builder().bind("127.0.0.1:0")
        .idleTimeout(Duration.ofMillis(500))
        .maxBodySize(1024)
        .handler(r -> {
          if (r.path().equals("/boom")) {
            throw new IllegalStateException("secret internal detail at /opt/app/Secret.java");
          }
          r.response().end("ok");
        })
        .build();
    port = Bind.started(server).bound().get(0).port();
  }

  @AfterEach
  void stop() {
    server.stopAndWait(Duration.ofSeconds(2));
  }

  @Test
  void oversizedRequestLineGets414() throws IOException {
    assertThat(exchange("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).matches("(?s)HTTP/1\\.[01] 414 .*");
    assertStillServing();
  }

  @Test
  void oversizedHeadersGet431() throws IOException {
    assertThat(exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n")).startsWith("HTTP/1.1 431");
    assertStillServing();
  }

  @Test
  void oversizedDeclaredBodyGets413() throws IOException {
    assertThat(exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" + "c".repeat(2048))).startsWith("HTTP/1.1 413");
    assertStillServing();
  }

  @Test
  void garbageGets400() throws IOException {
    assertThat(exchange("\u0001\u0002 NOT HTTP AT ALL\r\n\r\n")).matches("(?s)HTTP/1\\.[01] 400 .*");
    assertStillServing();
  }

  @Test
  void aClientThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      int first = socket.getInputStream().read();
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      assertThat(first).as("server closed the silent connection").isEqualTo(-1);
      assertThat(waited).isLessThan(Duration.ofSeconds(9));
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the idle connection was not closed within 10 s", e);
    }
    assertStillServing();
  }

  @Test
  void anApplicationExceptionIsABare500() throws IOException {
    String response = exchange("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 500").endsWith("internal error\n")
        .doesNotContain("IllegalStateException").doesNotContain("/opt/app").doesNotContain("at dev.berth");
    assertStillServing();
  }

  private void assertStillServing() throws IOException {
    assertThat(exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200").endsWith("ok");
  }

  private String exchange(String raw) {
    return RawHttp.exchange(port, raw);
  }
}
