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
      ByteBuffer in = ByteBuffer.allocate(5);
      long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
      ch.configureBlocking(false);
      while (in.hasRemaining() && System.nanoTime() < deadline) {
        if (ch.read(in) < 0) {
          break;
        }
        Thread.onSpinWait();
        if (in.position() == 0) {
          sleep();
        }
      }
      return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII).equals("HTTP/");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean exchange(InputStream in, OutputStream out) throws IOException {
    out.write(REQUEST);
    out.flush();
    byte[] head = in.readNBytes(5);
    return new String(head, StandardCharsets.US_ASCII).equals("HTTP/");
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
