package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code berth serve --static DIR} in a child process, asked with a raw client so that no
 * client library tidies a hostile path first. One server (defaults) answers every test.
 */
class StaticFilesProcessTest {

  @TempDir
  static Path base;

  private static StaticTree tree;
  private static ServerProcess berth;
  private static int port;

  @BeforeAll
  static void serve() throws IOException {
    tree = StaticTree.create(base);
    berth = Berth.serve("--bind", "127.0.0.1:0", "--static", tree.root.toString());
    berth.awaitReady(Berth.START);
    port = Berth.listeningPorts(berth).get(0);
  }

  @AfterAll
  static void stop() {
    if (berth != null) {
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      berth.close();
    }
  }

  private static StaticTree.Answer get(String target, String... headers) {
    return StaticTree.send(port, "GET", target, headers);
  }

  /** Every way out of the directory we know of; each must be 400 or 404 and show nothing from outside. */
  @ParameterizedTest
  @ValueSource(strings = {
      "/../outside/secret.txt",
      "/sub/../../outside/secret.txt",
      "/%2e%2e/outside/secret.txt",
      "/%2E%2E/outside/secret.txt",
      "/.%2e/outside/secret.txt",
      "/%2e%2e%2foutside%2fsecret.txt",
      "/..%2foutside%2fsecret.txt",
      "/sub%2f..%2f..%2foutside%2fsecret.txt",
      "/%2fetc%2fpasswd",
      "/%c0%ae%c0%ae/outside/secret.txt",
      "/..%c0%afoutside%c0%afsecret.txt",
      "/%e0%80%ae%e0%80%ae/outside/secret.txt",
      "/%c0%2e%c0%2e/outside/secret.txt",
      "/..\\outside\\secret.txt",
      "/..%5coutside%5csecret.txt",
      "/%5c..%5coutside%5csecret.txt",
      "/hello.txt%00.html",
      "/..%00/outside/secret.txt",
      "/link-out.txt",
      "/abs-link-out.txt",
      "/dir-out/secret.txt",
      "/dir-out/",
      "/sibling-out/secret.txt",
      "/.env",
      "/.git/config",
      "/%2eenv",
      "/sub/.hidden",
      "/link-to-dotfile",
      "/etc/passwd",
      "//etc/passwd",
      "http://localhost/../outside/secret.txt",
      "http://localhost/%2e%2e/outside/secret.txt",
  })
  void nothingOutsideTheDirectoryIsEverServed(String target) {
    StaticTree.Answer answer = get(target);
    assertThat(answer.status()).as(target + " -> " + answer).isIn(400, 404);
    assertThat(answer.text()).as(target).doesNotContain(StaticTree.SECRET).doesNotContain("root:");
  }

  @Test
  void rawNulAndBackslashBytesInTheRequestLineAreRefused() {
    for (String target : List.of("/hello.txt\u0000", "/..\\..\\outside\\secret.txt", "/\u00c0\u00ae\u00c0\u00ae/outside/secret.txt")) {
      StaticTree.Answer answer = get(target);
      assertThat(answer.status()).as(target + " -> " + answer).isIn(400, 404);
      assertThat(answer.text()).doesNotContain(StaticTree.SECRET);
    }
  }

  @Test
  void aDirectoryServesItsIndexAndAFileHasItsType() {
    StaticTree.Answer root = get("/");
    assertThat(root.status()).as(root.text()).isEqualTo(200);
    assertThat(root.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(root.body()).contains("root index");
    assertThat(get("/with%20index/").body()).isEqualTo("sub index\n");

    StaticTree.Answer hello = get("/hello.txt");
    assertThat(hello.status()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo(StaticTree.HELLO);
    assertThat(hello.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(hello.header("Content-Length")).isEqualTo(Integer.toString(StaticTree.HELLO.length()));
    assertThat(get("/app.js").header("Content-Type")).contains("javascript");
    assertThat(get("/data.json").header("Content-Type")).startsWith("application/json");
    assertThat(get("/blob.bin").header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(get("/link-in.txt").body()).as("a symlink inside the directory is fine").isEqualTo(StaticTree.HELLO);
  }

  @Test
  void aDirectoryWithoutSlashRedirectsAndWithoutIndexIsNotListed() {
    StaticTree.Answer sub = get("/sub?x=1");
    assertThat(sub.status()).isEqualTo(301);
    assertThat(sub.header("Location")).isEqualTo("/sub/?x=1");
    StaticTree.Answer listing = get("/sub/");
    assertThat(listing.status()).isEqualTo(403);
    assertThat(listing.body()).contains("--static-listing").doesNotContain("a.txt");
    assertThat(get("/hello.txt/").status()).isEqualTo(404);
    assertThat(get("/missing.txt").status()).isEqualTo(404);
  }

  @Test
  void validatorsGiveNotModified() {
    StaticTree.Answer first = get("/hello.txt");
    String etag = first.header("ETag");
    String lastModified = first.header("Last-Modified");
    assertThat(etag).matches("\"[0-9a-f]+-[0-9a-f]+\"");
    assertThat(first.header("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    assertThat(lastModified).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

    StaticTree.Answer byTag = get("/hello.txt", "If-None-Match: " + etag);
    assertThat(byTag.status()).as(byTag.text()).isEqualTo(304);
    assertThat(byTag.body()).isEmpty();
    assertThat(get("/hello.txt", "If-None-Match: W/" + etag + ", \"other\"").status()).isEqualTo(304);
    assertThat(get("/hello.txt", "If-Modified-Since: " + lastModified).status()).isEqualTo(304);
    assertThat(get("/hello.txt", "If-None-Match: \"other\"").status()).isEqualTo(200);
    assertThat(get("/hello.txt", "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT").status()).isEqualTo(200);
  }

  @Test
  void rangesArePartialOrUnsatisfiable() {
    int size = StaticTree.HELLO.length();
    StaticTree.Answer first = get("/hello.txt", "Range: bytes=0-4");
    assertThat(first.status()).as(first.text()).isEqualTo(206);
    assertThat(first.header("Content-Range")).isEqualTo("bytes 0-4/" + size);
    assertThat(first.body()).isEqualTo("hello");
    StaticTree.Answer suffix = get("/hello.txt", "Range: bytes=-6");
    assertThat(suffix.body()).isEqualTo("world\n");
    assertThat(get("/hello.txt", "Range: bytes=7-").body()).isEqualTo(StaticTree.HELLO.substring(7));
    StaticTree.Answer past = get("/hello.txt", "Range: bytes=999-");
    assertThat(past.status()).isEqualTo(416);
    assertThat(past.header("Content-Range")).isEqualTo("bytes */" + size);
    assertThat(get("/hello.txt", "Range: bytes=0-1,3-4").status()).as("several ranges: the whole file").isEqualTo(200);
    assertThat(get("/hello.txt", "Range: bytes=0-4", "If-Range: \"stale\"").status()).as("If-Range mismatch").isEqualTo(200);
    assertThat(first.header("Accept-Ranges")).isEqualTo("bytes");
  }

  @Test
  void aLargeFileGoesWholeAndInRanges() {
    byte[] big = StaticTree.big();
    StaticTree.Answer whole = get("/big.bin");
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.header("Content-Length")).isEqualTo(Integer.toString(big.length));
    assertThat(whole.bodyBytes()).isEqualTo(big);
    StaticTree.Answer part = get("/big.bin", "Range: bytes=100000-199999");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.bodyBytes()).isEqualTo(java.util.Arrays.copyOfRange(big, 100000, 200000));
    StaticTree.Answer tail = get("/big.bin", "Range: bytes=-70000");
    assertThat(tail.bodyBytes()).isEqualTo(java.util.Arrays.copyOfRange(big, big.length - 70000, big.length));
  }

  @Test
  void headHasTheHeadersOfGetAndNoBody() {
    StaticTree.Answer head = StaticTree.send(port, "HEAD", "/hello.txt");
    StaticTree.Answer get = get("/hello.txt");
    assertThat(head.status()).as(head.text()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    for (String name : List.of("Content-Type", "Content-Length", "ETag", "Last-Modified")) {
      assertThat(head.header(name)).as(name).isNotNull().isEqualTo(get.header(name));
    }
  }

  @Test
  void onlyGetAndHeadAreAnswered() {
    StaticTree.Answer post = StaticTree.send(port, "POST", "/hello.txt", "Content-Length: 0");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void anEditedFileIsServedFresh() throws Exception {
    Path file = tree.root.resolve("changing.txt");
    Files.writeString(file, "one");
    assertThat(get("/changing.txt").body()).isEqualTo("one");
    Files.writeString(file, "two, longer");
    assertThat(get("/changing.txt").body()).isEqualTo("two, longer");
  }
}
