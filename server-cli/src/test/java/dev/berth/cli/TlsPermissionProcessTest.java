package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Privilege;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.junit5.TestkitExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A certificate or key this user may not read is 77 (NOPERM), not 78: a supervisor should
 * tell "fix the file's permissions" from "fix the file". Needs a user the OS really refuses
 * (berth runs as nobody via setpriv, from a world-readable copy of the class path); the
 * fixture's files are mode 000 in a directory anyone may traverse.
 */
@ExtendWith(TestkitExtension.class) // closes the static fixtures after the class
class TlsPermissionProcessTest {

  private static Path copy;
  private static final TestCertificates certs = TestCertificates.create();
  private static final TestCertificates.Issued good = certs.localhost();

  @BeforeAll
  static void prepare() throws IOException {
    // The same proof PermissionProcessTest uses that a child really runs unprivileged here.
    java.util.Optional<String> cannot = Privilege.privilegedBindRefusal();
    assumeTrue(cannot.isEmpty(), () -> "cannot run berth as an unprivileged user here: " + cannot.orElse(""));
    copy = Privilege.worldReadableCopy(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of).toList());
  }

  @AfterAll
  static void clean() throws IOException {
    if (copy != null) {
      Privilege.deleteCopy(copy);
    }
  }

  private static ServerProcess runUnprivileged(String... args) {
    List<String> command = Berth.java().classpath(Privilege.classpathOf(copy)).args(args).build();
    ServerProcess p = ServerProcess.command(Privilege.asUnprivileged(command)).directory(copy).start();
    p.awaitExit(TlsProcesses.PATIENCE);
    return p;
  }

  @Test
  void anUnreadableKeyIsExit77() {
    Path key = certs.unreadableCopy(good.key());
    ServerProcess berth = runUnprivileged("serve", "--bind", "https://127.0.0.1:0",
        "--tls-cert", good.certificate().toString(), "--tls-key", key.toString());
    assertThat(berth.awaitExit(TlsProcesses.PATIENCE)).as(berth.stderr()).isEqualTo(77);
    assertThat(berth.stderrLines()).singleElement().asString()
        .startsWith("berth: cannot listen on https://127.0.0.1:0: TLS certificate or key file not readable (the key file " + key)
        .contains("is not readable by user", "(EACCES)", "let this user read it");
  }

  @Test
  void anUnreadableCertificateIsExit77InCheckToo() {
    Path cert = certs.unreadableCopy(good.certificate());
    ServerProcess check = runUnprivileged("check", "--bind", "https://127.0.0.1:0",
        "--tls-cert", cert.toString(), "--tls-key", good.key().toString());
    assertThat(check.awaitExit(TlsProcesses.PATIENCE)).as(check.stderr()).isEqualTo(77);
    assertThat(check.stdout()).contains("fail cannot listen on https://127.0.0.1:0", "certificate file " + cert, "(EACCES)");
  }

  @Test
  void anUnreadablePasswordFileIsExit77() {
    Path password = certs.unreadableCopy(good.passwordFile());
    ServerProcess check = runUnprivileged("check", "--bind", "https://127.0.0.1:0",
        "--tls-keystore", good.keystore().toString(), "--tls-password-file", password.toString());
    assertThat(check.awaitExit(TlsProcesses.PATIENCE)).as(check.stderr()).isEqualTo(77);
    assertThat(check.stdout()).contains("password file " + password, "(EACCES)");
  }
}
