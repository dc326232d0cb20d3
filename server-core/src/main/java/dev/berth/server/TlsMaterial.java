package dev.berth.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The certificate and private key a server's {@code https://} endpoints present, named by
 * file so that they can be read again on a reload. Berth reads and checks them before any
 * endpoint binds (see {@link TlsMaterialException} for what it refuses) and serves them with
 * HTTP/2 and HTTP/1.1 offered by ALPN unless {@link #http2(boolean)} turns h2 off.
 *
 * <pre>{@code
 * TlsMaterial.pem(Path.of("cert.pem"), Path.of("key.pem"))
 * TlsMaterial.pkcs12(Path.of("server.p12"), Path.of("/run/secrets/p12-password"))
 * }</pre>
 */
public final class TlsMaterial {

  /** PEM files, or a PKCS#12 keystore with its password in a file. */
  enum Kind { PEM, PKCS12 }

  private final Kind kind;
  private final Path first;
  private final Path second;
  private final boolean http2;

  private TlsMaterial(Kind kind, Path first, Path second, boolean http2) {
    this.kind = kind;
    this.first = Objects.requireNonNull(first);
    this.second = Objects.requireNonNull(second);
    this.http2 = http2;
  }

  /**
   * A PEM certificate chain (leaf first) and its PEM private key: PKCS#8
   * ({@code BEGIN PRIVATE KEY}) or the traditional {@code BEGIN RSA PRIVATE KEY} and
   * {@code BEGIN EC PRIVATE KEY} forms; not encrypted.
   *
   * @param certificateChain the PEM certificate file, leaf first
   * @param privateKey the PEM private key file
   * @return the material, offering h2
   */
  public static TlsMaterial pem(Path certificateChain, Path privateKey) {
    return new TlsMaterial(Kind.PEM, Objects.requireNonNull(certificateChain, "certificateChain"),
        Objects.requireNonNull(privateKey, "privateKey"), true);
  }

  /**
   * A PKCS#12 keystore holding one private key entry, and a file whose content is its
   * password (one trailing newline is ignored). The password is never taken as a string, so
   * it never sits on a command line, in a log or in the report.
   *
   * @param keystore the PKCS#12 file
   * @param passwordFile the file holding its password
   * @return the material, offering h2
   */
  public static TlsMaterial pkcs12(Path keystore, Path passwordFile) {
    return new TlsMaterial(Kind.PKCS12, Objects.requireNonNull(keystore, "keystore"),
        Objects.requireNonNull(passwordFile, "passwordFile"), true);
  }

  /**
   * Whether to offer h2 by ALPN next to http/1.1 (default true).
   *
   * @param offer false serves HTTP/1.1 only
   * @return a copy with that choice
   */
  public TlsMaterial http2(boolean offer) {
    return new TlsMaterial(kind, first, second, offer);
  }

  /**
   * Whether h2 is offered.
   *
   * @return true when ALPN offers h2 next to http/1.1
   */
  public boolean offersHttp2() {
    return http2;
  }

  Kind kind() {
    return kind;
  }

  /** The certificate file (PEM) or the keystore (PKCS#12). */
  Path certificateOrKeystore() {
    return first;
  }

  /** The key file (PEM) or the password file (PKCS#12). */
  Path keyOrPasswordFile() {
    return second;
  }

  @Override
  public String toString() {
    return kind == Kind.PEM ? "certificate " + first + ", key " + second : "keystore " + first + " (password in " + second + ")";
  }
}
