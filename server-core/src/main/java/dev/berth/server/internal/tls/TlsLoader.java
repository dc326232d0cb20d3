package dev.berth.server.internal.tls;

import dev.berth.server.internal.ApiAccess;
import dev.berth.server.internal.lifecycle.Lines;
import dev.berth.server.CertificateFacts;
import dev.berth.server.FailureReason;
import dev.berth.server.TlsMaterial;
import dev.berth.server.TlsMaterialException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;

/**
 * Reads TLS material exactly as it will be served and names what is wrong with it before
 * anything binds: Vert.x would find the same problems only inside listen(), as raw causes
 * ({@code NoSuchFileException}, "Missing private key") that say nothing about which file or
 * what to do. Used at start and again on every reload.
 */
public final class TlsLoader {

  /** A certificate expiring within this is a warning at start, not yet a failure. */
  public static final Duration EXPIRY_WARNING = Duration.ofDays(14);
  private static final char[] INTERNAL_PASSWORD = "berth".toCharArray();

  /** Material ready to serve: Vert.x gets the key managers, the report gets the facts. */
  public record Loaded(KeyManagerFactory keyManagers, CertificateFacts facts) {}

  private TlsLoader() {}

  public static Loaded load(TlsMaterial material, Instant at) {
    Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    List<String> warnings = new ArrayList<>();
    X509Certificate[] chain;
    PrivateKey key;
    String certName;
    if (ApiAccess.get().isPem(material)) {
      Path certFile = ApiAccess.get().certificateOrKeystore(material);
      Path keyFile = ApiAccess.get().keyOrPasswordFile(material);
      certName = "certificate " + certFile;
      chain = certificates(certFile, read("certificate file", certFile));
      key = privateKey(keyFile, read("key file", keyFile));
      readableByOthers(keyFile, "private key file").ifPresent(warnings::add);
      if (!matches(key, chain[0])) {
        throw config("the private key in " + keyFile + " does not belong to the certificate in " + certFile,
            "give the key that was generated with this certificate (compare 'openssl x509 -noout -pubkey' with 'openssl pkey -pubout')");
      }
    } else {
      Path store = ApiAccess.get().certificateOrKeystore(material);
      Path passwordFile = ApiAccess.get().keyOrPasswordFile(material);
      certName = "certificate in keystore " + store;
      byte[] bytes = read("keystore", store);
      char[] password = password(read("password file", passwordFile));
      readableByOthers(passwordFile, "password file").ifPresent(warnings::add);
      KeyStore.PrivateKeyEntry entry = keyEntry(store, passwordFile, bytes, password);
      key = entry.getPrivateKey();
      chain = java.util.Arrays.stream(entry.getCertificateChain()).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }
    X509Certificate leaf = chain[0];
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    try {
      leaf.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw config("the " + certName + " expired on " + notAfter, "renew it: it was valid until " + notAfter + " (now " + now + ")");
    } catch (CertificateNotYetValidException e) {
      throw config("the " + certName + " is not valid before " + notBefore,
          "use a certificate valid now, or check this host's clock: it is valid from " + notBefore + " (now " + now + ")");
    }
    if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
      warnings.add("the " + certName + " expires on " + notAfter + ", in "
          + Lines.timeLeft(Duration.between(now, notAfter)) + "; renew it (SIGHUP reloads it without a restart)");
    }
    return new Loaded(keyManagers(key, chain), facts(leaf, warnings));
  }

  private static byte[] read(String role, Path file) {
    if (Files.isDirectory(file)) {
      throw config("the " + role + " " + file + " is a directory", "name the " + role + " itself");
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw ApiAccess.get().tlsMaterial(FailureReason.TLS_MATERIAL, "the " + role + " " + file + " does not exist (ENOENT)",
          "check the path; a relative one is read from " + Path.of("").toAbsolutePath(), e);
    } catch (AccessDeniedException e) {
      throw ApiAccess.get().tlsMaterial(FailureReason.TLS_UNREADABLE, "the " + role + " " + file + " is not readable by user "
          + System.getProperty("user.name") + " (EACCES)", "let this user read it (chmod/chown, or the group of the service)", e);
    } catch (IOException e) {
      throw ApiAccess.get().tlsMaterial(FailureReason.TLS_MATERIAL, "the " + role + " " + file + " cannot be read: " + e.getMessage(),
          "check the file", e);
    }
  }

  private static X509Certificate[] certificates(Path file, byte[] bytes) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (PemBlocks.Block block : PemBlocks.of(bytes)) {
        if (block.type().equals("CERTIFICATE")) {
          chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw ApiAccess.get().tlsMaterial(FailureReason.TLS_MATERIAL, "the certificate file " + file
          + " holds a certificate that cannot be parsed: " + e.getMessage(), "give a PEM certificate chain, leaf first", e);
    }
    if (chain.isEmpty()) {
      throw config("the certificate file " + file + " is not PEM (no -----BEGIN CERTIFICATE----- block)",
          "give a PEM certificate chain, leaf first (DER converts with: openssl x509 -inform der -in FILE -out cert.pem)");
    }
    return chain.toArray(X509Certificate[]::new);
  }

  private static PrivateKey privateKey(Path file, byte[] bytes) {
    for (PemBlocks.Block block : PemBlocks.of(bytes)) {
      byte[] pkcs8;
      try {
        pkcs8 = switch (block.type()) {
          case "PRIVATE KEY" -> block.der();
          case "RSA PRIVATE KEY" -> PemBlocks.pkcs8FromRsa(block.der());
          case "EC PRIVATE KEY" -> PemBlocks.pkcs8FromEc(block.der());
          default -> null;
        };
      } catch (RuntimeException e) {
        pkcs8 = new byte[0];
      }
      if (pkcs8 != null) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
          try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
          } catch (GeneralSecurityException | RuntimeException notThisOne) {
            // try the next algorithm
          }
        }
        throw config("the key file " + file + " holds a " + block.type() + " block that cannot be parsed",
            "give an unencrypted PEM private key (PKCS#8: openssl pkey -in KEY -out key.pem)");
      }
    }
    if (PemBlocks.mentions(bytes, "ENCRYPTED PRIVATE KEY") || new String(bytes, StandardCharsets.US_ASCII).contains("ENCRYPTED")) {
      throw config("the key file " + file + " holds an encrypted private key", "decrypt it (openssl pkey -in KEY -out key.pem) and keep it mode 600");
    }
    String found = PemBlocks.of(bytes).isEmpty() ? "is not PEM" : "holds no private key (found " + PemBlocks.of(bytes).get(0).type() + ")";
    throw config("the key file " + file + " " + found, "give the PEM private key (-----BEGIN PRIVATE KEY-----) of the certificate");
  }

  private static char[] password(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    return text.toCharArray();
  }

  private static KeyStore.PrivateKeyEntry keyEntry(Path file, Path passwordFile, byte[] bytes, char[] password) {
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(bytes), password);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
        throw config("the password in " + passwordFile + " does not open the keystore " + file,
            "put the keystore's password in the password file (one line)");
      }
      throw config("the keystore " + file + " is not PKCS#12", "give a PKCS#12 keystore (.p12), or use a PEM certificate and key");
    } catch (GeneralSecurityException | RuntimeException e) {
      throw config("the keystore " + file + " cannot be read as PKCS#12: " + e.getMessage(), "give a PKCS#12 keystore (.p12)");
    }
    try {
      for (String alias : java.util.Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          return (KeyStore.PrivateKeyEntry) store.getEntry(alias, new KeyStore.PasswordProtection(password));
        }
      }
    } catch (UnrecoverableKeyException e) {
      throw config("the private key in the keystore " + file + " has a password other than the keystore's",
          "give the key entry the keystore's password (keytool -keypasswd)");
    } catch (GeneralSecurityException | ClassCastException e) {
      throw config("the keystore " + file + " holds a key entry that cannot be read: " + e.getMessage(), "give a PKCS#12 keystore with one private key entry");
    }
    throw config("the keystore " + file + " holds no private key (only certificates)", "give a keystore with the server's private key entry");
  }

  /** Signs with the key and verifies with the certificate: true only for a key pair. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
      default -> null;
    };
    if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm()) && !key.getAlgorithm().startsWith("Ed")) {
      return false;
    }
    if (algorithm == null) {
      return true; // an algorithm we cannot test: the handshake will tell
    }
    try {
      byte[] probe = "berth key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static java.util.Optional<String> readableByOthers(Path file, String role) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
        return java.util.Optional.of("the " + role + " " + file + " is readable by group or others ("
            + PosixFilePermissions.toString(mode) + "); chmod 600 it");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // no POSIX modes here: nothing to warn about
    }
    return java.util.Optional.empty();
  }

  private static KeyManagerFactory keyManagers(PrivateKey key, X509Certificate[] chain) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("berth", key, INTERNAL_PASSWORD, chain);
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, INTERNAL_PASSWORD);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw config("the JDK cannot use this key and certificate: " + e.getMessage(), "use an RSA or EC key");
    }
  }

  public static CertificateFacts facts(X509Certificate leaf, List<String> warnings) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alt = leaf.getSubjectAlternativeNames();
      if (alt != null) {
        for (List<?> entry : alt) {
          int type = (Integer) entry.get(0);
          String prefix = type == 2 ? "DNS:" : type == 7 ? "IP:" : type == 1 ? "email:" : type == 6 ? "URI:" : "other:";
          names.add(prefix + entry.get(1));
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      names.add("unparseable");
    }
    String fingerprint;
    try {
      fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is in every JDK", e);
    }
    return ApiAccess.get().certificateFacts(leaf.getSubjectX500Principal().getName(), names, leaf.getNotBefore().toInstant(),
        leaf.getNotAfter().toInstant(), fingerprint, warnings);
  }

  private static TlsMaterialException config(String problem, String hint) {
    return ApiAccess.get().tlsMaterial(FailureReason.TLS_MATERIAL, problem, hint, null);
  }
}
