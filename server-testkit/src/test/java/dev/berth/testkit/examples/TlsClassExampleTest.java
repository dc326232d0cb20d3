package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsServer;
import dev.berth.testkit.Conversation;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.TlsClient;
import dev.berth.testkit.junit5.TestkitExtension;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TLS material for a whole class, and raw bytes over TLS (quoted in docs/testkit.md). */
// tag::tls-class[]
@ExtendWith(TestkitExtension.class) // closes the static fixtures after the class
class TlsClassExampleTest {
  private static final TestCertificates certs = TestCertificates.create();
  private static final TestCertificates.Issued cert = certs.localhost();

  @Test
  void rawBytesOverTls() throws Exception {
    HttpsServer server = TlsExampleTest.httpsServer(cert); // any server under test, given cert.keystore()
    try (SSLSocket socket = TlsClient.trusting(cert.certificate()).connect("127.0.0.1", server.getAddress().getPort())) {
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Conversation.readAll(socket).statuses()).containsExactly(200);
    } finally {
      server.stop(0);
    }
  }
}
// end::tls-class[]
