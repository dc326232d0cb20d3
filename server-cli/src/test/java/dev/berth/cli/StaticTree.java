package dev.berth.cli;

import dev.berth.testkit.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A directory to serve and, beside it, files that must never be served: {@code outside/}
 * (reached through symlinks and traversal attempts) and {@code www-evil/} (whose name
 * starts with the served directory's name, for a containment check done on strings).
 */
final class StaticTree {

  static final String SECRET = "TOP-SECRET-OUTSIDE";
  static final String HELLO = "hello, static world\n";

  final Path base;
  final Path root;

  private StaticTree(Path base) {
    this.base = base;
    this.root = base.resolve("www");
  }

  static StaticTree create(Path base) throws IOException {
    StaticTree t = new StaticTree(base);
    Files.createDirectories(t.root.resolve("sub"));
    Files.createDirectories(t.root.resolve("with index"));
    Files.createDirectories(t.root.resolve(".git"));
    Files.createDirectories(base.resolve("outside"));
    Files.createDirectories(base.resolve("www-evil"));
    Files.writeString(base.resolve("outside/secret.txt"), SECRET + "\n");
    Files.writeString(base.resolve("www-evil/secret.txt"), SECRET + " (sibling)\n");
    Files.writeString(t.root.resolve("index.html"), "<!DOCTYPE html><title>home</title>root index\n");
    Files.writeString(t.root.resolve("hello.txt"), HELLO);
    Files.writeString(t.root.resolve("app.js"), "console.log('hi');\n");
    Files.writeString(t.root.resolve("data.json"), "{\"a\":1}\n");
    Files.write(t.root.resolve("blob.bin"), new byte[] {0, 1, 2, 3});
    Files.write(t.root.resolve("big.bin"), big());
    Files.writeString(t.root.resolve(".env"), SECRET + " in a dotfile\n");
    Files.writeString(t.root.resolve(".git/config"), SECRET + " in .git\n");
    Files.writeString(t.root.resolve("sub/a.txt"), "a\n");
    Files.writeString(t.root.resolve("sub/.hidden"), SECRET + " hidden\n");
    Files.writeString(t.root.resolve("with index/index.html"), "sub index\n");
    Files.createSymbolicLink(t.root.resolve("link-out.txt"), Path.of("../outside/secret.txt"));
    Files.createSymbolicLink(t.root.resolve("abs-link-out.txt"), base.resolve("outside/secret.txt"));
    Files.createSymbolicLink(t.root.resolve("dir-out"), Path.of("../outside"));
    Files.createSymbolicLink(t.root.resolve("sibling-out"), Path.of("../www-evil"));
    Files.createSymbolicLink(t.root.resolve("link-in.txt"), Path.of("hello.txt"));
    Files.createSymbolicLink(t.root.resolve("link-to-dotfile"), Path.of(".env"));
    return t;
  }

  /** 200 KiB of a known pattern: above the size berth reads itself, so it goes by sendfile. */
  static byte[] big() {
    byte[] bytes = new byte[200 * 1024];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + i / 251);
    }
    return bytes;
  }

  /** One raw request (HTTP/1.1, Connection: close) and its answer. */
  static Answer send(int port, String method, String target, String... headers) {
    StringBuilder raw = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
    for (String h : headers) {
      raw.append(h).append("\r\n");
    }
    raw.append("Connection: close\r\n\r\n");
    return new Answer(RawHttp.exchange(port, raw.toString()));
  }

  /** A raw HTTP answer, split. */
  record Answer(String text) {
    int status() {
      if (!text.startsWith("HTTP/1.")) {
        return -1;
      }
      return Integer.parseInt(text.substring(9, 12));
    }

    String header(String name) {
      int end = text.indexOf("\r\n\r\n");
      for (String line : text.substring(0, end < 0 ? text.length() : end).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /** The body as the bytes that were sent. */
    byte[] bodyBytes() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? new byte[0] : text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    String body() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? "" : new String(text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
