package dev.berth.server.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.BerthServer;
import dev.berth.testkit.PortHolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/embedding.md shows EmbeddingExample verbatim; this runs it, and checks the doc did not drift. */
class EmbeddingExampleTest {

  @Test
  void theDocumentedExampleServesAndStops() throws Exception {
    BerthServer server = EmbeddingExample.start("127.0.0.1:0");
    assertThat(server).isNotNull();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hello/ops")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("hello ops");
    } finally {
      server.stopAndWait(Duration.ofSeconds(5));
    }
  }

  @Test
  void theDocumentedExampleReportsABusyPort() {
    try (PortHolder busy = PortHolder.loopbackV4()) {
      assertThat(EmbeddingExample.start(busy.endpoint())).isNull();
    }
  }

  @Test
  void docsQuoteTheExampleVerbatim() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/berth/server/examples/EmbeddingExample.java"));
    String snippet = source.substring(source.indexOf("// docs:embedding:start") + "// docs:embedding:start".length(),
        source.indexOf("// docs:embedding:end")).strip();
    assertThat(Files.readString(Path.of("../docs/embedding.md"))).contains(snippet);
  }
}
