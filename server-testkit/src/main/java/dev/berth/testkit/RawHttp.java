package dev.berth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Raw HTTP/1.x over a loopback socket, for the requests no well-behaved client sends: an
 * oversized request line, a header block past a limit, bytes that are not HTTP at all.
 * Returns whatever the server answered, so a test can assert the status line and that the
 * body leaks nothing.
 */
public final class RawHttp {

  /** How long {@link #exchange} waits to connect, and then for each read, before it gives up. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private RawHttp() {}

  /**
   * Sends {@code raw} to 127.0.0.1:{@code port} and returns the answer: everything until the
   * server closes, a response with a Content-Length is complete, or {@link #TIMEOUT} passes
   * without a byte after some arrived. Returns {@code ""} if the server closed without answering.
   *
   * @throws UncheckedIOException if it cannot connect within {@link #TIMEOUT} (refused, or a
   *     listener whose backlog is full), or nothing at all arrived within {@link #TIMEOUT}, such as
   *     from a port that is held but never accepts; the message names the port and the wait
   */
  public static String exchange(int port, String raw) {
    return exchange(port, raw, TIMEOUT);
  }

  /** {@link #exchange(int, String)} with another timeout. */
  public static String exchange(int port, String raw, Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), millis);
      socket.setSoTimeout(millis);
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
      } catch (SocketTimeoutException e) {
        if (text.length() == 0) {
          throw new UncheckedIOException("no answer from 127.0.0.1:" + port + " within " + millis
              + " ms (connected, sent " + raw.length() + " bytes, nothing came back: is it accepting?)", e);
        }
      } catch (SocketException e) {
        // reset after a partial answer: return what arrived
      }
      return text.toString();
    } catch (SocketTimeoutException e) {
      throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port + " within " + millis + " ms", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  /** A plain {@code GET path} with {@code Connection: close}; fails as {@link #exchange(int, String)} does. */
  public static String get(int port, String path) {
    return get(port, path, TIMEOUT);
  }

  /** {@link #get(int, String)} with another timeout. */
  public static String get(int port, String path, Duration timeout) {
    return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", timeout);
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
