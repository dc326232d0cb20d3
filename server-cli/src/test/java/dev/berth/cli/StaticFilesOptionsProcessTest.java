package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --static-listing} and {@code --static-follow-symlinks}: each opens one door, and only that one. */
class StaticFilesOptionsProcessTest {

  @TempDir
  Path base;

  @Test
  void listingShowsVisibleEntriesAndFollowingLinksReachesOutside() throws IOException {
    StaticTree tree = StaticTree.create(base);
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0", "--static", tree.root.toString(),
        "--static-listing", "--static-follow-symlinks")) {
      berth.awaitReady(Berth.START);
      int port = Berth.listeningPorts(berth).get(0);
      StaticTree.Answer listing = StaticTree.send(port, "GET", "/sub/");
      assertThat(listing.status()).as(listing.text()).isEqualTo(200);
      assertThat(listing.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(listing.body()).contains("href=\"a.txt\"").doesNotContain(".hidden");
      StaticTree.Answer top = StaticTree.send(port, "GET", "/with%20index/");
      assertThat(top.body()).as("an index still wins over a listing").isEqualTo("sub index\n");

      assertThat(StaticTree.send(port, "GET", "/link-out.txt").body()).contains(StaticTree.SECRET);
      // Following links is not traversal: these stay refused.
      for (String target : new String[] {"/../outside/secret.txt", "/%2e%2e/outside/secret.txt", "/.env", "/link-to-dotfile"}) {
        StaticTree.Answer answer = StaticTree.send(port, "GET", target);
        assertThat(answer.status()).as(target).isIn(400, 404);
        assertThat(answer.text()).doesNotContain(StaticTree.SECRET);
      }
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }
}
