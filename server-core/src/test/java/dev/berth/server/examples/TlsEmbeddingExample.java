package dev.berth.server.examples;

import dev.berth.server.BerthServer;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.CertificateFacts;
import dev.berth.server.TlsMaterial;
import java.nio.file.Path;

/** docs/embedding.md quotes the part between the markers; TlsEmbeddingExampleTest runs it. */
final class TlsEmbeddingExample {

  private TlsEmbeddingExample() {}

  // docs:tls:start
  static BerthServer startHttps(Path certificate, Path privateKey) {
    BerthServer server = BerthServer.builder()
        .bind("https://127.0.0.1:0", "127.0.0.1:0")       // TLS and plain HTTP side by side
        .tls(TlsMaterial.pem(certificate, privateKey))    // or TlsMaterial.pkcs12(keystore, passwordFile)
        .handler(request -> request.response().end("hello over " + request.version()))
        .build();                                         // an https:// endpoint without tls(...) throws here
    BindReport report = server.startAndWait();            // the files are read and checked before any bind
    if (!report.succeeded()) {
      report.failures().forEach(f -> System.err.println(f.endpoint() + ": " + f.failure().osMessage()
          + "; " + f.failure().hint()));                   // reason tls_material (78) or tls_unreadable (77)
      return null;
    }
    for (BindOutcome.Bound bound : report.bound()) {
      CertificateFacts tls = report.certificates().get(bound.endpoint());
      System.err.println("listening on " + bound.url() + (tls == null ? "" : " as " + tls.subject() + ", SHA-256 " + tls.sha256()));
      if (tls != null) {
        tls.warnings().forEach(System.err::println);     // expiring within 14 days, key readable by others
      }
    }
    return server;                                        // server.reloadTls() re-reads the files later
  }
  // docs:tls:end
}
