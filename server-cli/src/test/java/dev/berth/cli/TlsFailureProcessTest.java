package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.junit5.TestkitExtension;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way TLS material goes wrong, from a real child berth with real files: the exit code,
 * exactly one line naming the endpoint, the file and what is wrong, nothing served, and
 * {@code check} with the same verdict. A plain endpoint next to the TLS one shows that a
 * bad certificate stops the start before anything listens (its outcome is a probe's).
 */
@ExtendWith(TestkitExtension.class) // closes the static fixtures after the class
class TlsFailureProcessTest {

  private static final TestCertificates certs = TestCertificates.create();
  private static final TestCertificates.Issued good = certs.localhost();
  private static final TestCertificates.Issued other = certs.localhost();
  private static final TestCertificates.Issued expired = certs.expired();
  private static final TestCertificates.Issued future = certs.notYetValid();

  @TempDir
  Path dir;

  /** A case: the TLS options, and what the one line must contain. */
  record Case(String name, List<String> options, List<String> said) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    Path missing = certs.directory().resolve("no-such.pem");
    Path notPem = certs.file("not-pem.txt", "hello, I am not a certificate\n");
    Path wrongPassword = certs.file("wrong.password", "not-the-password\n");
    return Stream.of(
        new Case("certificate missing", pem(missing, good.key()), List.of(missing + " does not exist (ENOENT)")),
        new Case("certificate is a directory", pem(certs.directory(), good.key()), List.of(certs.directory() + " is a directory")),
        new Case("certificate not PEM", pem(notPem, good.key()), List.of(notPem + " is not PEM")),
        new Case("key missing", pem(good.certificate(), missing), List.of("key file " + missing + " does not exist")),
        new Case("key file holds a certificate", pem(good.certificate(), good.certificate()), List.of("holds no private key (found CERTIFICATE)")),
        new Case("key does not match", pem(good.certificate(), other.key()),
            List.of("the private key in " + other.key() + " does not belong to the certificate in " + good.certificate())),
        new Case("expired", pem(expired.certificate(), expired.key()),
            List.of("expired on " + notAfter(expired), "renew it: it was valid until " + notAfter(expired))),
        new Case("not yet valid", pem(future.certificate(), future.key()), List.of("is not valid before ")),
        new Case("wrong keystore password", p12(good.keystore(), wrongPassword),
            List.of("the password in " + wrongPassword + " does not open the keystore " + good.keystore())),
        new Case("keystore not PKCS#12", p12(good.certificate(), good.passwordFile()), List.of(good.certificate() + " is not PKCS#12")),
        new Case("password file missing", p12(good.keystore(), missing), List.of("password file " + missing + " does not exist"))
    ).map(Arguments::of);
  }

  private static List<String> pem(Path cert, Path key) {
    return List.of("--tls-cert", cert.toString(), "--tls-key", key.toString());
  }

  private static List<String> p12(Path keystore, Path password) {
    return List.of("--tls-keystore", keystore.toString(), "--tls-password-file", password.toString());
  }

  private static String notAfter(TestCertificates.Issued issued) {
    try (var in = Files.newInputStream(issued.certificate())) {
      return ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in)).getNotAfter().toInstant().toString();
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> args(String command, Path report, Case c, String... endpoints) {
    List<String> args = new ArrayList<>(List.of(command, "--report", report.toString()));
    for (String endpoint : endpoints) {
      args.add("--bind");
      args.add(endpoint);
    }
    args.addAll(c.options());
    return args;
  }

  @ParameterizedTest(name = "serve: {0}")
  @MethodSource("cases")
  void serveRefusesBeforeAnythingListens(Case c) throws IOException {
    Path report = dir.resolve("serve.json");
    ServerProcess berth = TlsProcesses.run(args("serve", report, c, "https://127.0.0.1:0", "127.0.0.1:0").toArray(String[]::new));
    assertThat(berth.awaitExit(TlsProcesses.PATIENCE)).as(berth.stderr()).isEqualTo(78);
    assertThat(berth.stderrLines()).as("exactly one line").singleElement().asString()
        .startsWith("berth: cannot listen on https://127.0.0.1:0: TLS certificate or key unusable (")
        .contains(c.said());
    JsonObject json = new JsonObject(Files.readString(report));
    assertThat(json.getBoolean("ok")).isFalse();
    assertThat(json.getJsonArray("endpoints").getJsonObject(0).getString("reason")).isEqualTo("tls_material");
    JsonObject plain = json.getJsonArray("endpoints").getJsonObject(1);
    assertThat(plain.getString("status")).as("the plain endpoint was only probed").isEqualTo("bound");
    assertThat(listening(plain.getInteger("port"))).as("nothing left listening").isFalse();
    assertThat(json.encode()).doesNotContain(TestCertificates.PASSWORD);
  }

  @ParameterizedTest(name = "check: {0}")
  @MethodSource("cases")
  void checkGivesTheSameVerdict(Case c) {
    Path report = dir.resolve("check.json");
    ServerProcess check = TlsProcesses.run(args("check", report, c, "https://127.0.0.1:0").toArray(String[]::new));
    assertThat(check.awaitExit(TlsProcesses.PATIENCE)).as(check.stderr()).isEqualTo(78);
    assertThat(check.stdoutLines()).singleElement().asString()
        .startsWith("fail cannot listen on https://127.0.0.1:0: TLS certificate or key unusable (").contains(c.said());
  }

  @Test
  void aBadCertificateOutranksABusyPort() {
    try (ForeignPortHolder holder = ForeignPortHolder.hold("127.0.0.1", 0)) {
      ServerProcess check = TlsProcesses.run("check", "--bind", holder.endpoint(), "--bind", "https://127.0.0.1:0",
          "--tls-cert", expired.certificate().toString(), "--tls-key", expired.key().toString());
      assertThat(check.awaitExit(TlsProcesses.PATIENCE)).as(check.stderr()).isEqualTo(78);
      assertThat(check.stdout()).contains("EADDRINUSE (98)", "expired on");
    }
  }

  @Test
  void aTlsEndpointWithoutMaterialIsAUsageError() {
    ServerProcess berth = TlsProcesses.run("serve", "--bind", "https://127.0.0.1:0");
    assertThat(berth.awaitExit(TlsProcesses.PATIENCE)).as(berth.stderr()).isEqualTo(64);
    assertThat(berth.stderrLines()).singleElement().asString()
        .contains("https://127.0.0.1:0 is a TLS endpoint but no certificate was given", "--tls-cert FILE --tls-key FILE");
  }

  @Test
  void materialWithoutATlsEndpointIsAUsageError() {
    ServerProcess berth = TlsProcesses.run("check", "--bind", "127.0.0.1:0",
        "--tls-cert", good.certificate().toString(), "--tls-key", good.key().toString());
    assertThat(berth.awaitExit(TlsProcesses.PATIENCE)).as(berth.stderr()).isEqualTo(64);
    assertThat(berth.stderrLines()).singleElement().asString().contains("no https:// endpoint");
  }

  @Test
  void aPasswordOnTheCommandLineIsRefusedAndNeverEchoed() {
    ServerProcess berth = TlsProcesses.run("serve", "--bind", "https://127.0.0.1:0", "--tls-keystore", good.keystore().toString(),
        "--tls-password", "hunter2-secret");
    assertThat(berth.awaitExit(TlsProcesses.PATIENCE)).as(berth.stderr()).isEqualTo(64);
    assertThat(berth.stderrLines()).singleElement().asString().contains("--tls-password-file");
    assertThat(berth.stderr() + berth.stdout()).doesNotContain("hunter2-secret");
  }

  @Test
  void aUnixEndpointTakesNoScheme() {
    ServerProcess berth = TlsProcesses.run("check", "--bind", "https://unix:" + dir.resolve("a.sock"));
    assertThat(berth.awaitExit(TlsProcesses.PATIENCE)).as(berth.stderr()).isEqualTo(64);
    assertThat(berth.stderrLines()).singleElement().asString().contains("a unix socket endpoint takes no scheme");
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
