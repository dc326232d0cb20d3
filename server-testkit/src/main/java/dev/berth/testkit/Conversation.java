package dev.berth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One raw exchange on a fresh loopback connection, read to the end: every status line that came
 * back (two from one request means the server read a second request out of its bytes) and
 * whether the server closed. Reads until the server closes, or 1 s of silence after something
 * arrived, or 15 s in all (the machine is loaded). Beside {@link RawHttp}, which returns the
 * first answer's text: this is for asking whether a server read a second request out of one
 * request's bytes (request smuggling) and whether it closed the connection after refusing.
 *
 * @param statuses every status code that came back, in order
 * @param closed whether the server closed the connection (or reset it)
 * @param text everything received, ISO-8859-1
 */
public record Conversation(List<Integer> statuses, boolean closed, String text) {

  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

  /**
   * Sends {@code raw} (ISO-8859-1) on a fresh connection to 127.0.0.1 and reads to the end.
   *
   * @param port the server's port on 127.0.0.1
   * @param raw the request bytes, sent as they are
   * @return what came back
   */
  public static Conversation of(int port, String raw) {
    return of(port, raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Sends {@code raw} on a fresh connection to 127.0.0.1 and reads to the end.
   *
   * @param port the server's port on 127.0.0.1
   * @param raw the request bytes, sent as they are
   * @return what came back
   */
  public static Conversation of(int port, byte[] raw) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      try {
        out.write(raw);
        out.flush();
      } catch (IOException reset) {
        // the server may answer and close before reading all of it
      }
      return readAll(socket);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to 127.0.0.1:" + port, e);
    }
  }

  /**
   * Reads what {@code socket} (plain or TLS) receives until close, 1 s of silence after data, or 15 s.
   *
   * @param socket a connected socket whose request was already written
   * @return what came back
   * @throws IOException when reading fails other than by a reset
   */
  public static Conversation readAll(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    boolean closed = false;
    long deadline = System.nanoTime() + 15_000_000_000L;
    byte[] buffer = new byte[8192];
    while (System.nanoTime() < deadline) {
      socket.setSoTimeout(text.length() > 0 ? 1000 : 15_000);
      try {
        int n = in.read(buffer);
        if (n < 0) {
          closed = true;
          break;
        }
        text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      } catch (SocketTimeoutException e) {
        break;
      } catch (SocketException reset) {
        closed = true;
        break;
      }
    }
    List<Integer> statuses = new ArrayList<>();
    Matcher m = STATUS.matcher(text);
    while (m.find()) {
      statuses.add(Integer.parseInt(m.group(1)));
    }
    return new Conversation(statuses, closed, text.toString());
  }

  @Override
  public String toString() {
    return statuses + (closed ? " closed" : " open") + ": " + text.replace("\r", "\\r").replace("\n", "\\n");
  }
}
