package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.TlsClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The TLS fixtures against the JDK's own HTTPS server (so the testkit tests itself with
 * nothing of ours on the other side): quoted in docs/testkit.md.
 */
class TlsExampleTest {

  // tag::tls[]
  @Test
  void aTlsClientTrustsTheGeneratedCertificateAndSeesItsFingerprint() throws Exception {
    try (TestCertificates certs = TestCertificates.create()) {
      TestCertificates.Issued cert = certs.localhost();   // also: expired(), notYetValid(), expiringInDays(n)
      HttpsServer server = httpsServer(cert);             // any server under test, given cert.keystore()
      try {
        TlsClient client = TlsClient.trusting(cert.certificate());
        TlsClient.Response response = client.get("https://127.0.0.1:" + server.getAddress().getPort() + "/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.sha256()).isEqualTo(cert.sha256());
      } finally {
        server.stop(0);
      }
    }
  }
  // end::tls[]

  @Test
  void theFixturesAreWhatTheySay() throws Exception {
    try (TestCertificates certs = TestCertificates.create()) {
      TestCertificates.Issued expired = certs.expired();
      assertThatThrownBy(() -> certificate(expired).checkValidity())
          .isInstanceOf(java.security.cert.CertificateExpiredException.class);
      assertThatThrownBy(() -> certificate(certs.notYetValid()).checkValidity())
          .isInstanceOf(java.security.cert.CertificateNotYetValidException.class);
      TestCertificates.Issued good = certs.localhost();
      certificate(good).checkValidity();
      assertThat(Files.readString(good.key())).startsWith("-----BEGIN PRIVATE KEY-----");
      assertThat(Files.readString(certs.traditionalRsaKey(good))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.unreadableCopy(good.key()))))
          .isEqualTo("---------");
      assertThat(good.sha256()).isNotEqualTo(certs.localhost().sha256());
    }
  }

  @Test
  void readableByAnyoneCopiesTheKeyAndPasswordFileTo644AndKeepsTheRest() throws Exception {
    try (TestCertificates certs = TestCertificates.create()) {
      TestCertificates.Issued cert = certs.localhost();
      TestCertificates.Issued readable = certs.readableByAnyone(cert);
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.key()))).isEqualTo("rw-------");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(readable.key()))).isEqualTo("rw-r--r--");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(readable.passwordFile()))).isEqualTo("rw-r--r--");
      assertThat(Files.readString(readable.key())).isEqualTo(Files.readString(cert.key()));
      assertThat(readable.certificate()).isEqualTo(cert.certificate());
      assertThat(readable.sha256()).isEqualTo(cert.sha256());
    }
  }

  @Test
  void anUntrustedCertificateIsRefused() throws Exception {
    try (TestCertificates certs = TestCertificates.create()) {
      HttpsServer server = httpsServer(certs.localhost());
      try {
        assertThatThrownBy(() -> TlsClient.trusting(certs.localhost().certificate())
            .servedFingerprint("127.0.0.1", server.getAddress().getPort()))
            .isInstanceOf(java.io.UncheckedIOException.class);
      } finally {
        server.stop(0);
      }
    }
  }

  private static java.security.cert.X509Certificate certificate(TestCertificates.Issued issued) throws Exception {
    try (InputStream in = Files.newInputStream(issued.certificate())) {
      return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  static HttpsServer httpsServer(TestCertificates.Issued cert) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(cert.keystore())) {
      store.load(in, TestCertificates.PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, TestCertificates.PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      exchange.close();
    });
    server.start();
    return server;
  }
}
