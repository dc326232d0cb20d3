package dev.berth.server.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.BerthServer;
import dev.berth.testkit.PortHolder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/embedding.md shows these examples verbatim; this runs them, and checks the doc did not drift. */
class EmbeddingExampleTest {

  @Test
  void theDocumentedExampleServesAndStops() throws Exception {
    BerthServer server = EmbeddingExample.start("127.0.0.1:0");
    assertThat(server).isNotNull();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/orders/1")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("{\"id\":\"1\",\"item\":\"coffee\"}");
    } finally {
      server.stopAndWait(Duration.ofSeconds(5));
    }
  }

  @Test
  void theDocumentedExampleReportsABusyPort() {
    try (PortHolder busy = PortHolder.hold("127.0.0.1", 0)) {
      assertThat(EmbeddingExample.start(busy.endpoint())).isNull();
    }
  }

  @Test
  void theOwnVertxExampleSaysWhatTheDocsSay() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = probe.getLocalPort();
    }
    Vertx vertx = Vertx.vertx();
    try {
      List<String> said = OwnVertxExample.run(vertx, "127.0.0.1:" + port, "0.0.0.0:" + port);
      assertThat(said).containsExactly(
          "before start: NEW, report present: false",
          "state RUNNING, running true, status 0",
          "127.0.0.1:" + port + " -> http://127.0.0.1:" + port + " (port " + port + ", 1 event loop)",
          "first TCP port " + port + ", same Vert.x true",
          "ADDRESS_IN_USE EADDRINUSE 98: another server in this JVM listens on 127.0.0.1:" + port
              + "; holder this process (another server in this JVM); exit 75 yes: a later retry may succeed",
          "after stop: STOPPED, vertx still usable: true");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void docsQuoteTheExamplesVerbatim() throws Exception {
    String doc = Files.readString(Path.of("../docs/embedding.md"));
    for (String[] quote : List.of(new String[] {"EmbeddingExample.java", "embedding"},
        new String[] {"ProductionMain.java", "production-main"}, new String[] {"OrdersService.java", "router-service"},
        new String[] {"OwnVertxExample.java", "own-vertx"}, new String[] {"OwnVertxMain.java", "own-vertx-main"})) {
      String source = Files.readString(Path.of("src/test/java/dev/berth/server/examples", quote[0]));
      String start = "// docs:" + quote[1] + ":start";
      String snippet = source.substring(source.indexOf(start) + start.length(), source.indexOf("// docs:" + quote[1] + ":end"));
      assertThat(doc).as("docs/embedding.md quotes %s", quote[0]).contains(snippet.stripIndent().strip());
    }
  }
}
