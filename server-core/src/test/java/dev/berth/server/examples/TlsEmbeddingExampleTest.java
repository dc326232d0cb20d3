package dev.berth.server.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.server.InvalidEndpointException;
import dev.berth.server.BerthServer;
import dev.berth.server.FailureReason;
import dev.berth.server.TlsMaterial;
import dev.berth.server.TlsMaterialException;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.TlsClient;
import dev.berth.testkit.junit5.TestkitExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The documented TLS embedding, run for real; and the builder's TLS rules in-process. */
@ExtendWith(TestkitExtension.class) // closes the static fixtures after the class
class TlsEmbeddingExampleTest {

  private static final TestCertificates certs = TestCertificates.create();
  private static final TestCertificates.Issued good = certs.localhost();

  @TempDir
  Path dir;

  @Test
  void theDocumentedExampleServesHttpsAndReportsTheCertificate() {
    BerthServer server = TlsEmbeddingExample.startHttps(good.certificate(), good.key());
    assertThat(server).isNotNull();
    try {
      int port = server.addresses().get(0).port();
      assertThat(server.addresses().get(0).url()).isEqualTo("https://127.0.0.1:" + port);
      TlsClient.Response r = TlsClient.trusting(good.certificate()).get("https://127.0.0.1:" + port + "/");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.sha256()).isEqualTo(good.sha256());
      assertThat(server.report().orElseThrow().certificates().values()).singleElement()
          .satisfies(f -> assertThat(f.sha256()).isEqualTo(good.sha256()));
      assertThat(server.addresses().get(1).url()).startsWith("http://");
    } finally {
      server.stopAndWait(Duration.ofSeconds(5));
    }
  }

  @Test
  void theDocumentedExampleRefusesAnExpiredCertificateBeforeBinding() {
    TestCertificates.Issued expired = certs.expired();
    assertThat(TlsEmbeddingExample.startHttps(expired.certificate(), expired.key())).isNull();
    BerthServer server = BerthServer.builder().bind("https://127.0.0.1:0").tls(TlsMaterial.pem(expired.certificate(), expired.key()))
        .handler(r -> r.response().end()).build();
    var report = server.startAndWait();
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.failure().reason()).isEqualTo(FailureReason.TLS_MATERIAL);
      assertThat(f.failure().osMessage()).contains("expired on");
    });
    // No Vert.x was started for a start that could not happen (vertx() says so by throwing).
    assertThatThrownBy(server::vertx).isInstanceOf(IllegalStateException.class).hasMessageContaining("no Vert.x instance yet");
  }

  @Test
  void reloadTlsSwapsAGoodCertificateAndRefusesABrokenOne() throws Exception {
    TestCertificates.Issued next = certs.localhost();
    Path cert = Files.copy(good.certificate(), dir.resolve("cert.pem"));
    Path key = Files.copy(good.key(), dir.resolve("key.pem"));
    BerthServer server = BerthServer.builder().bind("https://127.0.0.1:0").tls(TlsMaterial.pem(cert, key))
        .handler(r -> r.response().end("ok")).build();
    server.startAndWait();
    try {
      TlsClient client = TlsClient.trusting(good.certificate(), next.certificate());
      Files.copy(next.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(next.key(), key, StandardCopyOption.REPLACE_EXISTING);
      assertThat(server.reloadTls().toCompletionStage().toCompletableFuture().join().sha256()).isEqualTo(next.sha256());
      assertThat(client.servedFingerprint("127.0.0.1", server.port())).isEqualTo(next.sha256());

      Files.copy(good.key(), key, StandardCopyOption.REPLACE_EXISTING); // key of another certificate
      assertThatThrownBy(() -> server.reloadTls().toCompletionStage().toCompletableFuture().join())
          .isInstanceOf(CompletionException.class).cause().isInstanceOf(TlsMaterialException.class)
          .hasMessageContaining("does not belong to the certificate");
      assertThat(client.servedFingerprint("127.0.0.1", server.port())).isEqualTo(next.sha256());
      assertThat(server.isRunning()).isTrue();
    } finally {
      server.stopAndWait(Duration.ofSeconds(5));
    }
  }

  @Test
  void anHttpsEndpointNeedsMaterialAndMaterialNeedsAnHttpsEndpoint() {
    assertThatThrownBy(() -> BerthServer.builder().bind("https://127.0.0.1:0").handler(r -> {}).build())
        .isInstanceOf(InvalidEndpointException.class).hasMessageContaining("needs TLS material").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> BerthServer.builder().bind("127.0.0.1:0").tls(TlsMaterial.pem(good.certificate(), good.key()))
        .handler(r -> {}).build())
        .isInstanceOf(InvalidEndpointException.class).hasMessageContaining("no https:// endpoint");
  }

  @Test
  void docsQuoteTheExampleVerbatim() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/berth/server/examples/TlsEmbeddingExample.java"));
    String snippet = source.substring(source.indexOf("// docs:tls:start") + "// docs:tls:start".length(),
        source.indexOf("// docs:tls:end")).strip();
    assertThat(Files.readString(Path.of("../docs/embedding.md"))).contains(snippet);
  }
}
