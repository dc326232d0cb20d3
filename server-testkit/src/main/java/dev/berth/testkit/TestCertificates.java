package dev.berth.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS fixtures for tests, made in this JVM (the JDK's RSA keys, a certificate signed with
 * BouncyCastle's PKIX builder; no {@code keytool} child, so a certificate costs milliseconds,
 * not a JVM start): self-signed for {@code localhost} and {@code 127.0.0.1}, in PEM and PKCS#12. Good ones, expired ones, not-yet-valid ones, a
 * key that belongs to another certificate and an unreadable file, so that a test can provoke
 * every way TLS material goes wrong with real files. Everything lives in one temporary
 * directory that anyone may traverse (a server run as {@code nobody} must reach the files
 * whose permissions are the point), removed by {@link #close()}.
 */
public final class TestCertificates implements AutoCloseable {

  /** The password of every keystore made here; also in each {@link Issued#passwordFile()}. */
  public static final String PASSWORD = "berth-test-password";
  private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

  private static final List<KeyPair> KEYS = new ArrayList<>();

  private final Path directory;
  private int serial;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /**
   * One certificate and its key, in every form a server takes.
   *
   * @param certificate PEM certificate
   * @param key PEM private key, PKCS#8, mode 600 (see {@link TestCertificates#readableByAnyone})
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
    return issue(-1, 366);
  }

  /** Valid from 30 days ago until 20 days ago. */
  public Issued expired() {
    return issue(-30, 10);
  }

  /** Valid from 10 days from now, for 30 days. */
  public Issued notYetValid() {
    return issue(10, 30);
  }

  /** Valid since yesterday, expiring in {@code days} days (e.g. to provoke an expiry warning). */
  public Issued expiringInDays(int days) {
    return issue(-1, days + 1);
  }

  /**
   * {@code issued} with its key and password file copied to mode 644, for a server run as another
   * user ({@link Privilege#asUnprivileged}). The originals are mode 600 and owned by whoever runs
   * the tests: a server run as {@code nobody} cannot read them and fails with "permission denied"
   * <em>because of the key</em>, so a test about some other file (an unreadable certificate, say)
   * would pass for the wrong reason. The certificate and keystore are already readable by anyone.
   */
  public Issued readableByAnyone(Issued issued) {
    return new Issued(issued.certificate(),
        copy(issued.key(), "readable-" + issued.key().getFileName(), READABLE),
        issued.keystore(),
        copy(issued.passwordFile(), "readable-" + issued.passwordFile().getFileName(), READABLE),
        issued.sha256());
  }

  /** A copy of {@code file} that only root could read (mode 000): EACCES for anyone else. */
  public Path unreadableCopy(Path file) {
    return copy(file, "unreadable-" + file.getFileName(), Set.of());
  }

  /**
   * A copy of {@code file} named {@code name} with the permissions {@code mode}, e.g. {@code
   * PosixFilePermissions.fromString("rw-r--r--")} for a key readable by others.
   */
  public Path copy(Path file, String name, Set<PosixFilePermission> mode) {
    try {
      Path target = directory.resolve(name);
      Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, mode);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A copy of {@code file} with the mode given as {@code ls} shows it ({@code rw-r--r--}).
   *
   * @deprecated use {@link #copy(Path, String, Set)}, with {@code PosixFilePermissions.fromString(mode)}
   */
  @Deprecated
  public Path copy(Path file, String name, String mode) {
    return copy(file, name, PosixFilePermissions.fromString(mode));
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

  private Issued issue(int startDays, int validityDays) {
    int number;
    synchronized (this) {
      number = ++serial;
    }
    String name = "cert" + number;
    try {
      KeyPair pair = key(number);
      Instant notBefore = Instant.now().plus(Duration.ofDays(startDays));
      Instant notAfter = notBefore.plus(Duration.ofDays(validityDays));
      X500Name subject = new X500Name("CN=localhost");
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          BigInteger.valueOf(System.currentTimeMillis()).shiftLeft(16).add(BigInteger.valueOf(number)),
          Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));

      Path keystore = directory.resolve(name + ".p12");
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", pair.getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] {certificate});
      try (OutputStream out = Files.newOutputStream(keystore)) {
        store.store(out, PASSWORD.toCharArray());
      }
      Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-r--r--"));
      Path cert = write(name + ".pem", pem("CERTIFICATE", certificate.getEncoded()), "rw-r--r--");
      Path keyFile = write(name + "-key.pem", pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "rw-------");
      Path passwordFile = write(name + ".password", PASSWORD + "\n", "rw-------");
      return new Issued(cert, keyFile, keystore, passwordFile, TlsClient.fingerprint(certificate));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a test certificate: " + e, e);
    }
  }

  /**
   * The {@code n}th RSA key of this JVM, made on first use: an RSA-2048 key costs tenths of a second
   * of CPU in a cold JVM, a certificate milliseconds. Within one {@code TestCertificates} every
   * certificate has its own key (a key "of another certificate" is a real mismatch); across
   * instances the keys repeat, which no test can tell apart from new ones.
   */
  private static KeyPair key(int n) throws GeneralSecurityException {
    synchronized (KEYS) {
      while (KEYS.size() < n) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KEYS.add(generator.generateKeyPair());
      }
      return KEYS.get(n - 1);
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
