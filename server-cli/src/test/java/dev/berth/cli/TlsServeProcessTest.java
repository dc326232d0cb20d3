package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.TlsClient;
import dev.berth.testkit.junit5.TestkitExtension;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth serving HTTPS in a child process, seen by real TLS clients: 200 over HTTP/1.1 and
 * over h2 (ALPN), the report and ready line saying https:// and which certificate, warnings
 * that do not stop the start, and SIGHUP reloads that swap a good certificate in and keep
 * the old one when the new one is broken.
 */
@ExtendWith(TestkitExtension.class) // closes the static fixtures after the class
class TlsServeProcessTest {

  private static final Pattern HTTPS = Pattern.compile("berth: listening on https://127\\.0\\.0\\.1:(\\d+)$");

  private static final TestCertificates certs = TestCertificates.create();
  private static final TestCertificates.Issued first = certs.localhost();
  private static final TestCertificates.Issued second = certs.localhost();

  @TempDir
  Path dir;

  private static int httpsPort(ServerProcess berth) {
    for (String line : berth.stderrLines()) {
      Matcher m = HTTPS.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no https ready line in:\n" + berth.stderr());
  }

  @Test
  void servesHttp11AndH2AndReportsTheCertificate() throws IOException {
    Path report = dir.resolve("report.json");
    try (ServerProcess berth = Berth.serve("--bind", "https://127.0.0.1:0", "--bind", "127.0.0.1:0", "--report", report.toString(),
        "--tls-cert", first.certificate().toString(), "--tls-key", first.key().toString())) {
      berth.awaitReady(TlsProcesses.PATIENCE);
      int port = httpsPort(berth);
      TlsClient client = TlsClient.trusting(first.certificate());
      TlsClient.Response h1 = client.get("https://127.0.0.1:" + port + "/");
      assertThat(h1.status()).isEqualTo(200);
      assertThat(h1.protocol()).isEqualTo("HTTP/1.1");
      assertThat(h1.sha256()).isEqualTo(first.sha256());
      TlsClient.Response h2 = client.get("https://127.0.0.1:" + port + "/health", HttpClient.Version.HTTP_2);
      assertThat(h2.status()).isEqualTo(200);
      assertThat(h2.protocol()).as("h2 negotiated by ALPN").isEqualTo("h2");

      JsonObject json = new JsonObject(Files.readString(report));
      JsonObject tlsEndpoint = json.getJsonArray("endpoints").getJsonObject(0);
      assertThat(tlsEndpoint.getString("url")).isEqualTo("https://127.0.0.1:" + port);
      assertThat(tlsEndpoint.getJsonObject("tls").getString("sha256")).isEqualTo(first.sha256());
      assertThat(tlsEndpoint.getJsonObject("tls").getString("subject")).isEqualTo("CN=localhost");
      assertThat(tlsEndpoint.getJsonObject("tls").getJsonArray("subjectAltNames")).containsExactly("DNS:localhost", "IP:127.0.0.1");
      assertThat(json.getJsonArray("endpoints").getJsonObject(1).getString("url")).startsWith("http://");
      assertThat(json.getJsonArray("endpoints").getJsonObject(1).containsKey("tls")).isFalse();
      assertThat(berth.stderr()).contains("presents CN=localhost", first.sha256()).doesNotContain("WARN", "readable by group");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, TlsProcesses.PATIENCE);
    }
  }

  @Test
  void theDistributionsTlsRunsOnBoringSslWithTheSameAnswers() throws IOException {
    // The distribution ships BoringSSL for Linux on x86_64 and aarch64 only; elsewhere the JDK's engine serves.
    assumeTrue(io.netty.handler.ssl.OpenSsl.isAvailable(),
        () -> "no BoringSSL build for this platform (" + System.getProperty("os.arch") + "): " + io.netty.handler.ssl.OpenSsl.unavailabilityCause());
    Path classes = dir.resolve("classes.log");
    List<String> cmd = Berth.java().jvmArg("-Xlog:class+load=info:file=" + classes)
        .args("serve", "--bind", "https://127.0.0.1:0", "--tls-cert", first.certificate().toString(),
            "--tls-key", first.key().toString()).build();
    try (ServerProcess berth = ServerProcess.command(cmd).readyWhenStderrMatches(Berth.READY).start()) {
      berth.awaitReady(TlsProcesses.PATIENCE);
      TlsClient.Response h2 = TlsClient.trusting(first.certificate())
          .get("https://127.0.0.1:" + httpsPort(berth) + "/health", HttpClient.Version.HTTP_2);
      assertThat(h2.status()).isEqualTo(200);
      assertThat(h2.protocol()).isEqualTo("h2");
      assertThat(h2.sha256()).isEqualTo(first.sha256());
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, TlsProcesses.PATIENCE);
    }
    // netty-tcnative is on the CLI's class path, as in the distribution: OpenSSL's engine served it.
    assertThat(Files.readString(classes)).contains("io.netty.handler.ssl.ReferenceCountedOpenSslEngine ");
  }

  @Test
  void curlGetsH2() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs /usr/bin/curl (with nghttp2, as Debian ships it)");
    try (ServerProcess berth = Berth.serve("--bind", "https://127.0.0.1:0",
        "--tls-keystore", first.keystore().toString(), "--tls-password-file", first.passwordFile().toString())) {
      berth.awaitReady(TlsProcesses.PATIENCE);
      int port = httpsPort(berth);
      Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "60", "--http2", "--cacert", first.certificate().toString(),
          "-o", "/dev/null", "-w", "%{http_version} %{http_code}", "https://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
      String said = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(curl.waitFor()).as(said).isZero();
      assertThat(said).isEqualTo("2 200");
    }
  }

  @Test
  void noHttp2ServesHttp11Only() {
    try (ServerProcess berth = Berth.serve("--bind", "https://127.0.0.1:0", "--no-http2",
        "--tls-cert", first.certificate().toString(), "--tls-key", certs.traditionalRsaKey(first).toString())) {
      berth.awaitReady(TlsProcesses.PATIENCE);
      TlsClient.Response r = TlsClient.trusting(first.certificate()).get("https://127.0.0.1:" + httpsPort(berth) + "/", HttpClient.Version.HTTP_2);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.protocol()).isEqualTo("HTTP/1.1");
    }
  }

  @Test
  void anExpiringCertificateAndAnExposedKeyAreWarningsNotFailures() {
    TestCertificates.Issued soon = certs.expiringInDays(3);
    Path exposedKey = certs.copy(soon.key(), "exposed-key.pem", PosixFilePermissions.fromString("rw-r--r--"));
    try (ServerProcess berth = Berth.serve("--bind", "https://127.0.0.1:0",
        "--tls-cert", soon.certificate().toString(), "--tls-key", exposedKey.toString())) {
      berth.awaitReady(TlsProcesses.PATIENCE);
      assertThat(berth.stderr())
          .contains("berth: the certificate " + soon.certificate() + " expires on ")
          .contains("berth: the private key file " + exposedKey + " is readable by group or others (rw-r--r--); chmod 600 it");
      assertThat(TlsClient.trusting(soon.certificate()).get("https://127.0.0.1:" + httpsPort(berth) + "/").status()).isEqualTo(200);
    }
  }

  @Test
  void sighupSwapsInANewCertificateAndKeepsTheOldOneWhenTheNewOneIsBroken() throws IOException {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.copy(first.certificate(), cert);
    Files.copy(first.key(), key);
    TestCertificates.Issued expired = certs.expired();
    Path report = dir.resolve("report.json");
    try (ServerProcess berth = Berth.serve("--bind", "https://127.0.0.1:0", "--tls-cert", cert.toString(), "--tls-key", key.toString(),
        "--report", report.toString())) {
      berth.awaitReady(TlsProcesses.PATIENCE);
      int port = httpsPort(berth);
      TlsClient client = TlsClient.trusting(first.certificate(), second.certificate(), expired.certificate());
      assertThat(client.servedFingerprint("127.0.0.1", port)).isEqualTo(first.sha256());

      Files.copy(second.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
      berth.signal(Signal.HUP);
      awaitLine(berth, "SIGHUP: TLS certificate reloaded");
      assertThat(client.servedFingerprint("127.0.0.1", port)).as("the new certificate").isEqualTo(second.sha256());
      assertThat(client.get("https://127.0.0.1:" + port + "/").status()).isEqualTo(200);
      assertThat(new JsonObject(Files.readString(report)).getJsonArray("endpoints").getJsonObject(0)
          .getJsonObject("tls").getString("sha256")).as("the report shows the reloaded certificate").isEqualTo(second.sha256());

      Files.copy(expired.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(expired.key(), key, StandardCopyOption.REPLACE_EXISTING);
      berth.signal(Signal.HUP);
      awaitLine(berth, "TLS reload refused");
      assertThat(berth.stderrLines()).filteredOn(l -> l.contains("TLS reload refused")).singleElement().asString()
          .contains("still serving the previous certificate", "expired on");
      assertThat(berth.isAlive()).as("SIGHUP never stops the server").isTrue();
      assertThat(client.servedFingerprint("127.0.0.1", port)).as("the old certificate still served").isEqualTo(second.sha256());

      berth.signal(Signal.TERM);
      berth.assertExitCode(0, TlsProcesses.PATIENCE);
    }
  }

  @Test
  void sighupWithoutTlsNeitherStopsNorReloads() {
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0")) {
      berth.awaitReady(TlsProcesses.PATIENCE);
      berth.signal(Signal.HUP);
      awaitLine(berth, "SIGHUP: nothing to reload");
      assertThat(berth.isAlive()).isTrue();
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, TlsProcesses.PATIENCE);
    }
  }

  private static void awaitLine(ServerProcess berth, String text) {
    berth.awaitOutput(Pattern.compile(Pattern.quote(text)), TlsProcesses.PATIENCE);
  }

}
