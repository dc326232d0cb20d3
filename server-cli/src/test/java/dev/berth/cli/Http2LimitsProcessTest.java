package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.TlsClient;
import dev.berth.testkit.junit5.TestkitExtension;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/2 held to the limits HTTP/1.1 has, through the real CLI and real clients (curl, and
 * frames written by hand where no client would misbehave on purpose): status codes h2
 * clients can read, the header and request-line limits, floods of empty frames ended with
 * GOAWAY, uploads past the body limit reset, idle h2 connections unable to lock others out,
 * and a chunked HTTP/1.1 body past the limit refused.
 */
@ExtendWith(TestkitExtension.class) // closes the static fixtures after the class
class Http2LimitsProcessTest {

  private static final Pattern HTTPS = Pattern.compile("listening on https://127\\.0\\.0\\.1:(\\d+)$");
  private static final Pattern HTTP = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)$");
  private static final int ENHANCE_YOUR_CALM = 11;

  private static final TestCertificates certs = TestCertificates.create();
  private static final TestCertificates.Issued cert = certs.localhost();

  private static ServerProcess serve(String... more) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("--bind", "https://127.0.0.1:0", "--bind", "127.0.0.1:0",
        "--tls-cert", cert.certificate().toString(), "--tls-key", certs.traditionalRsaKey(cert).toString()));
    args.addAll(List.of(more));
    ServerProcess berth = Berth.serve(args.toArray(String[]::new));
    berth.awaitReady(TlsProcesses.PATIENCE);
    berth.awaitOutput(HTTP, Duration.ofSeconds(30));
    return berth;
  }

  private static int port(ServerProcess berth, Pattern which) {
    for (String line : berth.stderrLines()) {
      Matcher m = which.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return -1;
  }

  /** curl over h2 to {@code path}: "exit code, http version, status". */
  private static String curl(int port, String path, String... args) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs /usr/bin/curl (with nghttp2, as Debian ships it)");
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "--http2", "--cacert",
        cert.certificate().toString(), "-o", "/dev/null", "-w", "%{http_version} %{http_code}"));
    cmd.addAll(List.of(args));
    cmd.add("https://127.0.0.1:" + port + path);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.waitFor() + " " + said;
  }

  @Test
  void answersWithoutConnectionHeadersReachHttp2Clients() throws Exception {
    try (ServerProcess berth = serve("--max-body-size", "1KiB")) {
      int port = port(berth, HTTPS);
      String said = curl(port, "/", "-X", "POST", "-H", "Content-Length: 4096", "--data-binary", "x".repeat(4096));
      // curl fails with exit 92 on a connection-specific header in an h2 response
      assertThat(said).as("curl over h2, a declared body over the limit").isEqualTo("0 2 413");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void headerAndRequestLineLimitsHoldForHttp2() throws Exception {
    try (ServerProcess berth = serve("--max-header-size", "64KiB")) {
      int port = port(berth, HTTPS);
      assertThat(curl(port, "/", "-H", "X-Large: " + "a".repeat(12 * 1024))).as("a 12 KiB header under a 64 KiB limit")
          .isEqualTo("0 2 200");
      assertThat(curl(port, "/" + "p".repeat(7000))).as("a 7,000-byte path past the 4 KiB request-line limit")
          .isEqualTo("0 2 414");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void emptyContinuationFloodEndsWithGoaway() throws Exception {
    try (ServerProcess berth = serve(); H2 h2 = H2.open(port(berth, HTTPS)).reading()) {
      h2.send(H2.HEADERS, 0x5, 1, H2.request("GET", "/"));
      assertThat(h2.awaitFrame(H2.HEADERS)).as("the first request is answered").isNotNull();
      h2.send(H2.HEADERS, 0x0, 3, H2.request("GET", "/"));
      long started = System.nanoTime();
      int[] goaway = h2.floodUntilGoaway(H2.frame(H2.CONTINUATION, 0, 3, new byte[0]), Duration.ofSeconds(10));
      assertThat(goaway).as("GOAWAY within 10 s of empty CONTINUATION frames; stderr:%n%s", berth.stderr()).isNotNull();
      assertThat(goaway[1]).as("its error code").isEqualTo(ENHANCE_YOUR_CALM);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(berth.isAlive()).isTrue();
    }
  }

  @Test
  void pingFloodFromAClientThatNeverReadsIsClosed() throws Exception {
    try (ServerProcess berth = serve(); H2 h2 = H2.open(port(berth, HTTPS))) {
      byte[] pings = new byte[17 * 100];
      for (int i = 0; i < 100; i++) {
        System.arraycopy(H2.frame(H2.PING, 0, 0, new byte[8]), 0, pings, i * 17, 17);
      }
      // A write to a server that stopped reading blocks for good: a watchdog ends the try after 10 s.
      java.util.concurrent.atomic.AtomicBoolean gaveUp = new java.util.concurrent.atomic.AtomicBoolean();
      Thread watchdog = new Thread(() -> {
        try {
          Thread.sleep(10_000);
          gaveUp.set(true);
          h2.socket.close();
        } catch (InterruptedException | IOException e) {
          // the flood ended first
        }
      });
      watchdog.setDaemon(true);
      watchdog.start();
      boolean closed = false;
      while (!closed && !gaveUp.get()) {
        try {
          h2.out.write(pings);
          h2.out.flush();
        } catch (IOException e) {
          closed = !gaveUp.get();
        }
      }
      watchdog.interrupt();
      assertThat(closed).as("the connection ends while the client only sends PINGs and reads nothing").isTrue();
    }
  }

  @Test
  void anHttp2UploadPastTheBodyLimitIsReset() throws Exception {
    try (ServerProcess berth = serve("--max-body-size", "1KiB"); H2 h2 = H2.open(port(berth, HTTPS)).reading()) {
      h2.send(H2.HEADERS, 0x4, 1, H2.request("POST", "/"));
      h2.send(H2.DATA, 0, 1, new byte[16 * 1024]);
      h2.send(H2.DATA, 0, 1, new byte[16 * 1024]);
      int[] reset = h2.awaitFrameHeader(H2.RST_STREAM, Duration.ofSeconds(10));
      assertThat(reset).as("RST_STREAM for the upload; stderr:%n%s", berth.stderr()).isNotNull();
      assertThat(reset[1]).as("on its stream").isEqualTo(1);
    }
  }

  @Test
  void idleHttp2ConnectionsDoNotLockOthersOut() throws Exception {
    int cap = 6;
    try (ServerProcess berth = serve("--max-connections", Integer.toString(cap), "--header-timeout", "3s")) {
      List<H2> idle = new ArrayList<>();
      try {
        for (int i = 0; i < cap; i++) {
          H2 h2 = H2.open(port(berth, HTTPS)).reading();
          idle.add(h2);
          h2.send(H2.HEADERS, 0x5, 1, H2.request("GET", "/"));
          // at the cap, room is made by closing the connection idle longest, never a newcomer mid-request
          assertThat(h2.awaitFrame(H2.HEADERS)).as("h2 connection %d of %d answered", i + 1, cap).isNotNull();
        }
        long started = System.nanoTime();
        int status;
        try (Socket plain = new Socket()) {
          plain.connect(new InetSocketAddress("127.0.0.1", port(berth, HTTP)), 5000);
          plain.setSoTimeout(8000);
          plain.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          byte[] head = plain.getInputStream().readNBytes(12);
          status = head.length == 12 ? Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII)) : -1;
        } catch (SocketTimeoutException e) {
          status = -1;
        }
        assertThat(status).as("an ordinary request while %d idle h2 connections fill the cap; stderr:%n%s", cap,
            berth.stderr()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
      } finally {
        for (H2 h2 : idle) {
          h2.close();
        }
      }
    }
  }

  @Test
  void aChunkedBodyPastTheLimitGets413() throws Exception {
    try (ServerProcess berth = serve("--max-body-size", "1KiB")) {
      StringBuilder raw = new StringBuilder("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < 4; i++) {
        raw.append("400\r\n").append("a".repeat(1024)).append("\r\n");
      }
      raw.append("0\r\n\r\n");
      String answer = dev.berth.testkit.RawHttp.exchange(port(berth, HTTP), raw.toString());
      assertThat(answer).as("4 KiB chunked past a 1 KiB limit").startsWith("HTTP/1.1 413 ");
    }
  }

  /** A hand-written HTTP/2 client over TLS (ALPN h2, the test certificate trusted blindly). */
  static final class H2 implements AutoCloseable {
    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int CONTINUATION = 9;

    final SSLSocket socket;
    final OutputStream out;
    final DataInputStream in;
    final java.util.concurrent.LinkedBlockingQueue<int[]> frames = new java.util.concurrent.LinkedBlockingQueue<>();

    private H2(SSLSocket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.in = new DataInputStream(socket.getInputStream());
    }

    static H2 open(int port) throws Exception {
      SSLSocket socket = TlsClient.trusting(cert.certificate()).connect("127.0.0.1", port, "h2");
      socket.setSoTimeout(10_000);
      assertThat(socket.getApplicationProtocol()).as("ALPN").isEqualTo("h2");
      H2 h2 = new H2(socket);
      h2.out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      h2.send(SETTINGS, 0, 0, new byte[0]);
      return h2;
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
      byte[] f = new byte[9 + payload.length];
      f[0] = (byte) (payload.length >>> 16);
      f[1] = (byte) (payload.length >>> 8);
      f[2] = (byte) payload.length;
      f[3] = (byte) type;
      f[4] = (byte) flags;
      f[5] = (byte) (stream >>> 24);
      f[6] = (byte) (stream >>> 16);
      f[7] = (byte) (stream >>> 8);
      f[8] = (byte) stream;
      System.arraycopy(payload, 0, f, 9, payload.length);
      return f;
    }

    /** A header block of literal fields without indexing or Huffman coding (names and values under 127 bytes). */
    static byte[] request(String method, String path) {
      ByteArrayOutputStream block = new ByteArrayOutputStream();
      for (String[] field : new String[][] {{":method", method}, {":scheme", "https"}, {":path", path}, {":authority", "localhost"}}) {
        byte[] name = field[0].getBytes(StandardCharsets.US_ASCII);
        byte[] value = field[1].getBytes(StandardCharsets.US_ASCII);
        block.write(0);
        block.write(name.length);
        block.writeBytes(name);
        block.write(value.length);
        block.writeBytes(value);
      }
      return block.toByteArray();
    }

    void send(int type, int flags, int stream, byte[] payload) throws IOException {
      out.write(frame(type, flags, stream, payload));
      out.flush();
    }

    /** From now on a thread reads every frame into {@link #frames} (JSSE allows one reader beside one writer). */
    H2 reading() {
      Thread reader = new Thread(() -> {
        try {
          while (true) {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
            int kind = in.readUnsignedByte();
            in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] p = in.readNBytes(length);
            frames.add(new int[] {kind, stream, p.length >= 4 ? intAt(p, 0) : 0, p.length >= 8 ? intAt(p, 4) : 0});
          }
        } catch (IOException e) {
          frames.add(new int[] {-1, 0, 0, 0});
        }
      }, "h2-reader");
      reader.setDaemon(true);
      reader.start();
      return this;
    }

    private static int intAt(byte[] p, int at) {
      return (p[at] & 0xff) << 24 | (p[at + 1] & 0xff) << 16 | (p[at + 2] & 0xff) << 8 | (p[at + 3] & 0xff);
    }

    /** The next frame of a type as {type, stream, first payload int, second}, or null (closed, or not within the time). */
    int[] awaitFrameHeader(int type, Duration within) throws InterruptedException {
      long deadline = System.nanoTime() + within.toNanos();
      while (true) {
        int[] f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (f == null || f[0] == -1) {
          return null;
        }
        if (f[0] == type) {
          return f;
        }
      }
    }

    int[] awaitFrame(int type) throws InterruptedException {
      return awaitFrameHeader(type, Duration.ofSeconds(20));
    }

    /** Writes {@code frame} over and over until a GOAWAY arrives (then {last stream, code}), the connection ends, or time is up. */
    int[] floodUntilGoaway(byte[] frame, Duration within) throws InterruptedException {
      byte[] batch = new byte[frame.length * 100];
      for (int i = 0; i < 100; i++) {
        System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
      }
      long deadline = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < deadline) {
        for (int[] f : frames) {
          if (f[0] == GOAWAY) {
            return new int[] {f[2] & 0x7fffffff, f[3]};
          }
        }
        try {
          out.write(batch);
          out.flush();
        } catch (IOException e) {
          break;
        }
      }
      int[] goaway = awaitFrameHeader(GOAWAY, Duration.ofSeconds(5));
      return goaway == null ? null : new int[] {goaway[2] & 0x7fffffff, goaway[3]};
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
