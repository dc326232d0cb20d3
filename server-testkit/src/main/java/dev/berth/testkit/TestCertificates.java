package dev.berth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS fixtures for tests, made with nothing but the JDK that runs them: {@code keytool}
 * (from {@code java.home}) generates a self-signed certificate for {@code localhost} and
 * {@code 127.0.0.1}; Java exports it as PEM. Good ones, expired ones, not-yet-valid ones, a
 * key that belongs to another certificate and an unreadable file, so that a test can provoke
 * every way TLS material goes wrong with real files. Everything lives in one temporary
 * directory that anyone may traverse (a server run as {@code nobody} must reach the files
 * whose permissions are the point), removed by {@link #close()}.
 */
public final class TestCertificates implements AutoCloseable {

  /** The password of every keystore made here; also in each {@link Issued#passwordFile()}. */
  public static final String PASSWORD = "berth-test-password";

  private final Path directory;
  private int serial;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /**
   * One certificate and its key, in every form a server takes.
   *
   * @param certificate PEM certificate
   * @param key PEM private key, PKCS#8, mode 600
   * @param keystore PKCS#12 with the key and certificate, password {@link #PASSWORD}
   * @param passwordFile the keystore password and a newline, mode 600
   * @param sha256 the certificate's SHA-256 fingerprint, upper-case hex pairs joined by ':'
   */
  public record Issued(Path certificate, Path key, Path keystore, Path passwordFile, String sha256) {}

  /** A fresh directory under java.io.tmpdir. */
  public static TestCertificates create() {
    try {
      return new TestCertificates(Files.createTempDirectory("berth-tls",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the files are. */
  public Path directory() {
    return directory;
  }

  /** Valid from a day ago for a year, for localhost and 127.0.0.1 (each call a new key). */
  public Issued localhost() {
    return issue("-1d", 366);
  }

  /** Valid from 30 days ago until 20 days ago. */
  public Issued expired() {
    return issue("-30d", 10);
  }

  /** Valid from 10 days from now, for 30 days. */
  public Issued notYetValid() {
    return issue("+10d", 30);
  }

  /** Valid since yesterday, expiring in {@code days} days (e.g. to provoke an expiry warning). */
  public Issued expiringInDays(int days) {
    return issue("-1d", days + 1);
  }

  /** A copy of {@code file} that only root could read (mode 000): EACCES for anyone else. */
  public Path unreadableCopy(Path file) {
    return copy(file, "unreadable-" + file.getFileName(), "---------");
  }

  /** A copy of {@code file} with another mode, e.g. {@code rw-r--r--} for a key readable by others. */
  public Path copy(Path file, String name, String mode) {
    try {
      Path target = directory.resolve(name);
      Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(mode));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A text file with this content (e.g. a wrong password, or "not a certificate"). */
  public Path file(String name, String content) {
    try {
      Path target = directory.resolve(name);
      Files.writeString(target, content, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The RSA key of {@code issued} in the traditional OpenSSL form
   * ({@code -----BEGIN RSA PRIVATE KEY-----}, PKCS#1), as {@code openssl genrsa} once wrote it.
   */
  public Path traditionalRsaKey(Issued issued) {
    try {
      byte[] pkcs8 = Base64.getMimeDecoder().decode(Files.readString(issued.key())
          .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").strip());
      // PrivateKeyInfo ::= SEQUENCE { version, algorithm, privateKey OCTET STRING }: the last element.
      int at = contentStart(pkcs8, 0);
      at = next(pkcs8, at);
      at = next(pkcs8, at);
      int start = contentStart(pkcs8, at);
      byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, start, next(pkcs8, at));
      Path target = directory.resolve("traditional-" + issued.key().getFileName());
      Files.writeString(target, pem("RSA PRIVATE KEY", pkcs1));
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int contentStart(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    return first < 0x80 ? at + 2 : at + 2 + (first & 0x7f);
  }

  private static int next(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    int length = first;
    if (first >= 0x80) {
      length = 0;
      for (int i = 0; i < (first & 0x7f); i++) {
        length = (length << 8) | (der[at + 2 + i] & 0xff);
      }
    }
    return contentStart(der, at) + length;
  }

  private synchronized Issued issue(String startDate, int validityDays) {
    String name = "cert" + (++serial);
    Path keystore = directory.resolve(name + ".p12");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-startdate", startDate, "-validity", Integer.toString(validityDays),
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
    run(command);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, PASSWORD.toCharArray());
      }
      PrivateKey key = (PrivateKey) store.getKey("server", PASSWORD.toCharArray());
      X509Certificate certificate = (X509Certificate) store.getCertificate("server");
      Path cert = write(name + ".pem", pem("CERTIFICATE", certificate.getEncoded()), "rw-r--r--");
      Path keyFile = write(name + "-key.pem", pem("PRIVATE KEY", key.getEncoded()), "rw-------");
      Path passwordFile = write(name + ".password", PASSWORD + "\n", "rw-------");
      Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-r--r--"));
      return new Issued(cert, keyFile, keystore, passwordFile, TlsClient.fingerprint(certificate));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the keystore keytool made: " + e, e);
    }
  }

  private Path write(String name, String content, String mode) throws IOException {
    Path target = directory.resolve(name);
    Files.writeString(target, content, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(mode));
    return target;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool failed: " + String.join(" ", command) + "\n"
            + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Removes the directory and everything in it. Safe to call twice. */
  @Override
  public void close() {
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // already gone
    }
  }
}
