package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.TlsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key forms people actually have, as openssl writes them: PKCS#8, the traditional RSA
 * (PKCS#1) and EC (SEC 1) forms, each really served over TLS; and an encrypted key, which is
 * refused with its own line. Needs the openssl command (skipped, saying so, without it): the
 * testkit's JDK-only fixtures cannot write the EC traditional form.
 */
class TlsKeyFormsTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void needsOpenssl() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "needs /usr/bin/openssl to write the traditional key forms");
  }

  private static void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + said).isZero();
  }

  private static Path selfSigned(String name, Path key) throws Exception {
    openssl("req", "-x509", "-key", key.toString(), "-days", "30", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-out", name + ".pem");
    return dir.resolve(name + ".pem");
  }

  private static void servesWith(Path cert, Path key, String expectedHeader) throws Exception {
    assertThat(Files.readString(key)).startsWith(expectedHeader);
    BerthServer server = BerthServer.builder().bind("https://127.0.0.1:0").tls(TlsMaterial.pem(cert, key))
        .handler(r -> r.response().end("ok")).build();
    BindReport report = server.startAndWait();
    try {
      assertThat(report.failures()).as("%s", report.toJson()).isEmpty();
      TlsClient.Response response = TlsClient.trusting(cert).get("https://127.0.0.1:" + server.port() + "/");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.sha256()).isEqualTo(report.certificates().values().iterator().next().sha256());
    } finally {
      server.stopAndWait(Duration.ofSeconds(5));
    }
  }

  @Test
  void traditionalRsaKey() throws Exception {
    openssl("genrsa", "-traditional", "-out", "rsa1.pem", "2048");
    Path key = dir.resolve("rsa1.pem");
    servesWith(selfSigned("rsa1-cert", key), key, "-----BEGIN RSA PRIVATE KEY-----");
  }

  @Test
  void traditionalEcKey() throws Exception {
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec1.pem");
    Path key = dir.resolve("ec1.pem");
    servesWith(selfSigned("ec1-cert", key), key, "-----BEGIN EC PRIVATE KEY-----");
  }

  @Test
  void pkcs8EcKey() throws Exception {
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec8.pem");
    Path key = dir.resolve("ec8.pem");
    servesWith(selfSigned("ec8-cert", key), key, "-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void anEncryptedKeyIsRefusedWithItsOwnLine() throws Exception {
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "plain.pem");
    Path cert = selfSigned("enc-cert", dir.resolve("plain.pem"));
    openssl("pkey", "-in", "plain.pem", "-aes256", "-passout", "pass:secret", "-out", "encrypted.pem");
    BerthServer server = BerthServer.builder().bind("https://127.0.0.1:0").tls(TlsMaterial.pem(cert, dir.resolve("encrypted.pem")))
        .handler(r -> r.response().end()).build();
    BindReport report = server.startAndWait();
    assertThat(report.failures()).singleElement().satisfies(f -> {
      assertThat(f.failure().reason()).isEqualTo(FailureReason.TLS_MATERIAL);
      assertThat(f.failure().osMessage()).contains("holds an encrypted private key");
    });
  }
}
