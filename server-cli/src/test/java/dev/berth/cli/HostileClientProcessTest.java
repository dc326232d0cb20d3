package dev.berth.cli;


import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.apps.ThrowingHandlerApplication;
import dev.berth.testkit.RawHttp;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken clients against the real CLI: the limit options reach the server (each
 * limit is set below server-core's default, so a request the default would accept is refused
 * only if the option took effect), every refusal is a 4xx, and berth keeps serving.
 */
class HostileClientProcessTest {

  private static ServerProcess berth;
  private static int port;

  @BeforeAll
  static void start() {
    berth = Berth.serve("--bind", "127.0.0.1:0", "--app", ThrowingHandlerApplication.class.getName(),
        "--max-request-line", "1KiB", "--max-header-size", "1KiB", "--max-body-size", "1KiB", "--idle-timeout", "1s")
        .awaitReady(Berth.START);
    port = Berth.listeningPorts(berth).get(0);
  }

  @AfterAll
  static void stop() {
    berth.signal(Signal.TERM);
    berth.assertExitCode(0, Berth.EXIT);
    berth.close();
  }

  @Test
  void aRequestLineOverMaxRequestLineGets414AndBerthKeepsServing() throws IOException {
    assertThat(RawHttp.exchange(port, "GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
        .matches("(?s)HTTP/1\\.[01] 414 .*");
    assertStillServing();
  }

  @Test
  void headersOverMaxHeaderSizeGet431AndBerthKeepsServing() throws IOException {
    assertThat(RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(2000) + "\r\n\r\n"))
        .startsWith("HTTP/1.1 431");
    assertStillServing();
  }

  @Test
  void aBodyOverMaxBodySizeGets413AndBerthKeepsServing() throws IOException {
    assertThat(RawHttp.exchange(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" + "c".repeat(2048)))
        .startsWith("HTTP/1.1 413");
    assertStillServing();
  }

  @Test
  void aClientThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
    try (Socket silent = new Socket("127.0.0.1", port)) {
      silent.setSoTimeout(30_000);
      assertThat(silent.getInputStream().read()).as("berth closed the silent connection").isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("a connection that sent nothing was still open after 30 s (--idle-timeout 1s)", e);
    }
    assertStillServing();
  }

  @Test
  void anApplicationExceptionIsABare500WithoutInternals() throws IOException {
    String response = RawHttp.get(port, "/boom");
    assertThat(response).startsWith("HTTP/1.1 500")
        .doesNotContain("IllegalStateException", "secret-detail", "/srv/internal", "dev.berth", "\tat ", ".java");
    assertStillServing();
  }

  private static void assertStillServing() throws IOException {
    assertThat(RawHttp.get(port, "/")).startsWith("HTTP/1.1 200").endsWith("ok");
  }
}
