package dev.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Raw HTTP/1.1 over a socket, for requests no well-behaved client would send. */
final class RawHttp {

  private RawHttp() {}

  /** Sends the bytes and returns everything the server answers until it closes or 10 s pass. */
  static String exchange(int port, String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException reset) {
        // the server may answer and close before reading all we send
      }
      InputStream in = socket.getInputStream();
      StringBuilder text = new StringBuilder();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
      } catch (SocketTimeoutException | SocketException e) {
        // return what arrived
      }
      return text.toString();
    }
  }

  static String get(int port, String path) throws IOException {
    return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }
}
