package dev.berth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Raw HTTP/1.x over a loopback socket, for the requests no well-behaved client sends: an
 * oversized request line, a header block past a limit, bytes that are not HTTP at all.
 * Returns whatever the server answered, so a test can assert the status line and that the
 * body leaks nothing.
 */
public final class RawHttp {

  private static final int TIMEOUT_MILLIS = 10_000;

  private RawHttp() {}

  /**
   * Sends {@code raw} to 127.0.0.1:{@code port} and returns the answer: everything until the
   * server closes, a response with a Content-Length is complete, or 10 s pass.
   */
  public static String exchange(int port, String raw) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException reset) {
        // the server may answer and close before reading everything we send
      }
      InputStream in = socket.getInputStream();
      StringBuilder text = new StringBuilder();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          if (complete(text)) {
            break;
          }
        }
      } catch (SocketTimeoutException | SocketException e) {
        // return what arrived
      }
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  /** A plain {@code GET path} with {@code Connection: close}. */
  public static String get(int port, String path) {
    return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }

  private static boolean complete(StringBuilder text) {
    int headerEnd = text.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
      return false;
    }
    String headers = text.substring(0, headerEnd).toLowerCase(Locale.ROOT);
    int at = headers.indexOf("\r\ncontent-length:");
    if (at < 0) {
      return false;
    }
    int end = headers.indexOf("\r\n", at + 2);
    String value = headers.substring(at + "\r\ncontent-length:".length(), end < 0 ? headers.length() : end).trim();
    try {
      return text.length() - headerEnd - 4 >= Long.parseLong(value);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
