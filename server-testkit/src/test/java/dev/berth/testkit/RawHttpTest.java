package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RawHttpTest {

  @Test
  void returnsAKeptAliveResponseOnceItsBodyIsComplete() throws Exception {
    // RawHttp talks to 127.0.0.1, whatever address family the JVM prefers.
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Thread answer = new Thread(() -> {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          in.read(new byte[1024]);
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          Thread.sleep(30_000); // keep the connection open: the reader must not wait for close
        } catch (IOException | InterruptedException ignored) {
          // test over
        }
      });
      answer.setDaemon(true);
      answer.start();
      assertThat(RawHttp.exchange(server.getLocalPort(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200").endsWith("ok");
      assertThat(answer.isAlive()).as("answered while the server still held the connection open").isTrue();
      answer.interrupt();
    }
  }

  @Test
  void aPortThatNeverAnswersFailsWithAClearExceptionWithinTheTimeout() {
    // held, never accepts: the kernel completes the handshake into the backlog, then nothing comes back
    try (PortHolder silent = PortHolder.hold("127.0.0.1", 0)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> RawHttp.get(silent.port(), "/", Duration.ofSeconds(1)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("no answer from 127.0.0.1:" + silent.port() + " within 1000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
    assertThat(RawHttp.TIMEOUT).as("the documented default").isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aClosedPortFailsAtOnceNamingIt() throws IOException {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = gone.getLocalPort();
    }
    assertThatThrownBy(() -> RawHttp.get(port, "/")).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot talk to 127.0.0.1:" + port).hasMessageContaining("Connection refused");
  }
}
