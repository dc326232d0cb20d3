package dev.berth.cli.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Readiness as a client sees it: a TCP (or unix socket) connect and an HTTP answer, any status.
 * A connect alone is no proof (the kernel completes handshakes on a port nobody accepts on).
 * Over TLS the certificate is not checked: the audit made it, and asks only whether the server
 * answers.
 */
final class HttpAnswer {
  private static final int TIMEOUT_MILLIS = 1000;
  private static final long MAX_ANSWER = 1 << 20;
  private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  private HttpAnswer() {}

  /** True if {@code host:port} answers an HTTP request now. */
  static boolean tcp(String host, int port, boolean tls) {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      plain.setSoTimeout(TIMEOUT_MILLIS);
      if (!tls) {
        return exchange(plain.getInputStream(), plain.getOutputStream());
      }
      try (SSLSocket secure = (SSLSocket) trustingEveryone().getSocketFactory().createSocket(plain, host, port, true)) {
        secure.setSoTimeout(TIMEOUT_MILLIS);
        secure.startHandshake();
        return exchange(secure.getInputStream(), secure.getOutputStream());
      }
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  /** True if the unix socket at {@code path} answers an HTTP request now. */
  static boolean unix(Path path) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(path));
      ch.write(ByteBuffer.wrap(REQUEST));
      ByteBuffer in = ByteBuffer.allocate(8192);
      long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
      ch.configureBlocking(false);
      String head = "";
      long read = 0;
      while (System.nanoTime() < deadline && read < MAX_ANSWER) {
        int n = ch.read(in);
        if (n < 0) {
          break;
        }
        if (head.length() < 5 && in.position() > 0) {
          head += new String(in.array(), 0, Math.min(in.position(), 5 - head.length()), StandardCharsets.US_ASCII);
        }
        read += n;
        in.clear();
        if (n == 0) {
          sleep();
        }
      }
      return head.equals("HTTP/");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean exchange(InputStream in, OutputStream out) throws IOException {
    out.write(REQUEST);
    out.flush();
    byte[] head = in.readNBytes(5);
    drain(in);
    return new String(head, StandardCharsets.US_ASCII).equals("HTTP/");
  }

  /**
   * Reads the rest of the answer (the request said Connection: close), so the server is never
   * cut off mid-write: a "broken pipe" in its log would be the audit's doing.
   */
  private static void drain(InputStream in) {
    byte[] buf = new byte[8192];
    long left = MAX_ANSWER;
    try {
      int n;
      while (left > 0 && (n = in.read(buf)) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      // timed out or reset: the status line was what mattered
    }
  }

  private static SSLContext trustingEveryone() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // a client's certificate is never asked for
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // the audit made the certificate; it asks only whether the server answers
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    return context;
  }

  private static void sleep() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
