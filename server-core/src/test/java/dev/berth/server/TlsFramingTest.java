package dev.berth.server;

import dev.berth.server.internal.bind.EndpointBinder;
import dev.berth.testkit.Conversation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An https:// endpoint's listeners are created through the same framing guard as plain ones
 * (the two features met in EndpointBinder.listenAll when the TLS branch was merged): HTTP/1.1
 * over TLS refuses an ambiguous request before the application sees it, and still serves a
 * clean one.
 */
class TlsFramingTest {

  private static TestCertificates certs;
  private static TestCertificates.Issued issued;

  @BeforeAll
  static void issue() {
    certs = TestCertificates.create();
    issued = certs.localhost();
  }

  @AfterAll
  static void clean() {
    if (certs != null) {
      certs.close();
    }
  }

  @Test
  void http11OverTlsIsGuardedLikePlainHttp() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    BerthServer server = BerthServer.builder().bind("https://127.0.0.1:0")
        .tls(TlsMaterial.pem(issued.certificate(), issued.key()))
        .idleTimeout(Duration.ofSeconds(5))
        .handler(r -> {
          seen.add(r.method() + " " + r.uri());
          r.body().onSuccess(b -> r.response().end("ok " + b.length()));
        })
        .build();
    int port = Bind.started(server).bound().get(0).port();
    try {
      Conversation refused = overTls(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(refused.statuses()).as("%s", refused).containsExactly(400);
      assertThat(refused.text()).contains("both Transfer-Encoding and Content-Length");
      assertThat(seen).as("nothing reached the application").isEmpty();

      Conversation served = overTls(port, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
      assertThat(served.statuses()).as("%s", served).containsExactly(200);
      assertThat(served.text()).endsWith("ok 3");
      assertThat(seen).containsExactly("POST /a");
    } finally {
      server.stopAndWait(Duration.ofSeconds(2));
    }
  }

  /** One raw HTTP/1.1 exchange over TLS (no ALPN: the server picks http/1.1). */
  private static Conversation overTls(int port, String raw) throws Exception {
    try (SSLSocket socket = (SSLSocket) trusting().getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      socket.startHandshake();
      socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return Conversation.readAll(socket);
    }
  }

  private static SSLContext trusting() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(issued.certificate())) {
      trust.setCertificateEntry("berth-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
    } catch (IOException e) {
      throw new IOException("cannot read the test certificate " + issued.certificate(), e);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
