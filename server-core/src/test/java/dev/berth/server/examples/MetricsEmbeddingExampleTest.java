package dev.berth.server.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.BerthServer;
import dev.berth.server.BindReport;
import dev.berth.testkit.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The documented metrics embeddings, run for real, and quoted verbatim by docs/embedding.md. */
class MetricsEmbeddingExampleTest {

  @Test
  void theServedExampleAnswersPrometheusOnItsOwnPort() throws Exception {
    BerthServer server = MetricsEmbeddingExample.withPrometheusEndpoint();
    BindReport report = server.startAndWait();
    try {
      assertThat(RawHttp.get(report.bound().get(0).port(), "/")).startsWith("HTTP/1.1 200").endsWith("hello");
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(report.bound().get(1).url() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\"} 1.0", "berth_build_info");
    } finally {
      server.stopAndWait(Duration.ofSeconds(2));
    }
  }

  @Test
  void theRegistryExampleFillsTheApplicationsRegistry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BerthServer server = MetricsEmbeddingExample.intoTheApplicationsRegistry(registry);
    server.startAndWait();
    try {
      assertThat(RawHttp.get(server.port(), "/")).startsWith("HTTP/1.1 200");
      assertThat(registry.get("vertx.http.server.requests").tag("code", "200").counter().count()).isEqualTo(1);
      assertThat(registry.get("berth.connections.max").gauge().value()).isEqualTo(server.maxConnections());
    } finally {
      server.stopAndWait(Duration.ofSeconds(2));
    }
    assertThat(registry.find("berth.connections.max").gauge()).isNull();
  }

  @Test
  void docsQuoteTheExamplesVerbatim() throws Exception {
    String doc = Files.readString(Path.of("../docs/embedding.md"));
    String source = Files.readString(Path.of("src/test/java/dev/berth/server/examples/MetricsEmbeddingExample.java"));
    for (String name : new String[] {"metrics-served", "metrics-registry"}) {
      String start = "// docs:" + name + ":start";
      String snippet = source.substring(source.indexOf(start) + start.length(), source.indexOf("// docs:" + name + ":end"));
      assertThat(doc).as("docs/embedding.md quotes %s", name).contains(snippet.stripIndent().strip());
    }
  }
}
