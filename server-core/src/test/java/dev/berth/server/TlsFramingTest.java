package dev.berth.server;

import dev.berth.server.internal.bind.EndpointBinder;
import dev.berth.testkit.Conversation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.TlsClient;
import dev.berth.testkit.junit5.TestkitExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An https:// endpoint's listeners are created through the same framing guard as plain ones
 * (the two features met in EndpointBinder.listenAll when the TLS branch was merged): HTTP/1.1
 * over TLS refuses an ambiguous request before the application sees it, and still serves a
 * clean one.
 */
@ExtendWith(TestkitExtension.class) // closes the static fixtures below after the class
class TlsFramingTest {

  private static final TestCertificates certs = TestCertificates.create();
  private static final TestCertificates.Issued issued = certs.localhost();

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
    try (SSLSocket socket = TlsClient.trusting(issued.certificate()).connect("127.0.0.1", port)) {
      socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return Conversation.readAll(socket);
    }
  }

}
