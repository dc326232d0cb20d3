package dev.berth.server;

import dev.berth.server.internal.engine.ServerOptionsAssembly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A template passed to httpServerOptions(...) for one reason keeps Berth's safe defaults
 * for every option it did not set; per option: the builder's setter wins, then the
 * template's value if it set one, then Berth's default.
 */
class OptionsPrecedenceTest {

  private static HttpServerOptions assembled(BerthServerBuilder builder) {
    return ServerOptionsAssembly.assemble(builder.bind("127.0.0.1:0").handler(r -> r.response().end()).build().settings());
  }

  private static long idleMillis(HttpServerOptions o) {
    return o.getIdleTimeoutUnit().toMillis(o.getIdleTimeout());
  }

  @Test
  void aCompressionOnlyTemplateKeepsEverySafeDefault() {
    HttpServerOptions o = assembled(BerthServer.builder().httpServerOptions(new HttpServerOptions().setCompressionSupported(true)));
    assertThat(o.isCompressionSupported()).isTrue();
    assertThat(idleMillis(o)).isEqualTo(BerthServer.DEFAULT_IDLE_TIMEOUT.toMillis());
    assertThat(o.getMaxInitialLineLength()).isEqualTo(BerthServer.DEFAULT_MAX_REQUEST_LINE_LENGTH);
    assertThat(o.getMaxHeaderSize()).isEqualTo(BerthServer.DEFAULT_MAX_HEADER_SIZE);
    assertThat(o.isReusePort()).isFalse();
  }

  @Test
  void whatTheTemplateSetsStandsUnlessTheBuilderSetsIt() {
    HttpServerOptions template = new HttpServerOptions().setIdleTimeout(5).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxInitialLineLength(2048).setMaxHeaderSize(4096).setReusePort(true);
    HttpServerOptions fromTemplate = assembled(BerthServer.builder().httpServerOptions(template));
    assertThat(idleMillis(fromTemplate)).isEqualTo(5000);
    assertThat(fromTemplate.getMaxInitialLineLength()).isEqualTo(2048);
    assertThat(fromTemplate.getMaxHeaderSize()).isEqualTo(4096);
    assertThat(fromTemplate.isReusePort()).isTrue();

    HttpServerOptions fromBuilder = assembled(BerthServer.builder().httpServerOptions(template)
        .idleTimeout(Duration.ofSeconds(7)).maxRequestLineLength(1024).maxHeaderSize(2048).reusePort(false));
    assertThat(idleMillis(fromBuilder)).isEqualTo(7000);
    assertThat(fromBuilder.getMaxInitialLineLength()).isEqualTo(1024);
    assertThat(fromBuilder.getMaxHeaderSize()).isEqualTo(2048);
    assertThat(fromBuilder.isReusePort()).isFalse();
  }

  @Test
  void theDocumentedLimitationAValueEqualToVertxsDefaultLooksUnset() {
    HttpServerOptions o = assembled(BerthServer.builder().httpServerOptions(new HttpServerOptions().setIdleTimeout(0)));
    assertThat(idleMillis(o)).as("idle 0 in a template is Vert.x's default, so Berth's 60 s applies").isEqualTo(60_000);
    assertThat(idleMillis(assembled(BerthServer.builder().idleTimeout(Duration.ZERO)))).isZero();
  }

  @Test
  void aTlsTemplateMakesTheUrlHttps() {
    SelfSignedCertificate certificate;
    try {
      certificate = SelfSignedCertificate.create("localhost");
    } catch (RuntimeException e) {
      assumeTrue(false, () -> "cannot create a self-signed certificate on this JDK: " + e);
      return;
    }
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").handler(r -> r.response().end())
        .httpServerOptions(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions())).build();
    BindReport report = Bind.started(server);
    try {
      assertThat(report.bound().get(0).url()).isEqualTo("https://127.0.0.1:" + report.bound().get(0).port());
      assertThat(report.bound().get(0).tls()).isTrue();
      assertThat(BindReport.fromJson(report.toJson()).bound().get(0).url()).startsWith("https://");
    } finally {
      Bind.stop(server);
      certificate.delete();
    }
  }

  /** For real: with only compression set, an idle connection is closed at Berth's 60 s, not left open. */
  @Test
  void aCompressionOnlyServerClosesAnIdleConnectionAtSixtySeconds() throws Exception {
    // The header timeout (10 s by default) would close this silent connection first.
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").handler(r -> r.response().end())
        .connectionLimits(ConnectionLimits.defaults().withHeaderTimeout(Duration.ZERO))
        .httpServerOptions(new HttpServerOptions().setCompressionSupported(true)).build();
    int port = Bind.started(server).bound().get(0).port();
    try (Socket idle = new Socket()) {
      idle.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      idle.setSoTimeout(90_000);
      long t0 = System.nanoTime();
      InputStream in = idle.getInputStream();
      int read;
      try {
        read = in.read();
      } catch (SocketTimeoutException e) {
        throw new AssertionError("an idle connection was still open after 90 s", e);
      }
      long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
      assertThat(read).as("closed, not sent anything").isEqualTo(-1);
      assertThat(seconds).as("closed after the 60 s default").isBetween(58L, 75L);
    } finally {
      Bind.stop(server);
    }
  }
}
