package dev.berth.cli;

import dev.berth.server.BerthServerBuilder;
import dev.berth.server.Endpoint;
import dev.berth.server.TcpEndpoint;
import dev.berth.server.TlsMaterial;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The TLS options {@code serve} and {@code check} share. The files themselves are checked by
 * server-core before anything binds (78/77); here only what can be told from the command
 * line alone: material without an https:// endpoint, an https:// endpoint without material,
 * half a pair, two kinds at once (64). A password is only ever read from a file.
 */
final class TlsOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain (leaf first) for the https:// endpoints; with --tls-key.")
  Path cert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "PEM private key of --tls-cert: PKCS#8, or the traditional RSA/EC forms; not encrypted. Keep it mode 600.")
  Path key;

  @Option(names = "--tls-keystore", paramLabel = "FILE",
      description = "PKCS#12 keystore with the private key and its chain, instead of --tls-cert/--tls-key; with --tls-password-file.")
  Path keystore;

  @Option(names = "--tls-password-file", paramLabel = "FILE",
      description = "File holding the --tls-keystore password (one trailing newline ignored). Never given on the command line.")
  Path passwordFile;

  @Option(names = "--http2", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Offer h2 next to http/1.1 by ALPN on https:// endpoints (default); --no-http2 serves HTTP/1.1 only.")
  boolean http2;

  /** A password on the command line shows in ps and /proc/PID/cmdline: refused, and never echoed. */
  @Option(names = {"--tls-password", "--tls-keystore-password"}, hidden = true, paramLabel = "PASSWORD")
  void refusePassword(String ignored) {
    throw new ParameterException(spec.commandLine(),
        "a password is never taken on the command line (ps and /proc show it); put it in a file and give --tls-password-file FILE");
  }

  /** The builder with the TLS material, or a usage error when the options and endpoints do not fit together. */
  BerthServerBuilder applyTo(BerthServerBuilder builder, List<Endpoint> endpoints) {
    List<String> tlsEndpoints = endpoints.stream()
        .filter(e -> e instanceof TcpEndpoint tcp && tcp.tls()).map(Endpoint::toString).toList();
    boolean pem = cert != null || key != null;
    boolean p12 = keystore != null || passwordFile != null;
    if (pem && p12) {
      throw usage("give --tls-cert/--tls-key or --tls-keystore/--tls-password-file, not both");
    }
    if (pem && (cert == null || key == null)) {
      throw usage(cert == null ? "--tls-key needs --tls-cert (the certificate it belongs to)" : "--tls-cert needs --tls-key (its private key)");
    }
    if (p12 && (keystore == null || passwordFile == null)) {
      throw usage(keystore == null ? "--tls-password-file needs --tls-keystore" : "--tls-keystore needs --tls-password-file (its password, in a file)");
    }
    if (!pem && !p12) {
      if (!tlsEndpoints.isEmpty()) {
        throw usage(tlsEndpoints.get(0) + " is a TLS endpoint but no certificate was given; add --tls-cert FILE --tls-key FILE"
            + " (or --tls-keystore FILE --tls-password-file FILE), or bind http://");
      }
      return builder;
    }
    if (tlsEndpoints.isEmpty()) {
      throw usage("TLS material given but no https:// endpoint to serve it; bind e.g. --bind https://127.0.0.1:8443");
    }
    TlsMaterial material = pem ? TlsMaterial.pem(cert, key) : TlsMaterial.pkcs12(keystore, passwordFile);
    return builder.tls(material.http2(http2));
  }

  private static UsageError usage(String message) {
    return new UsageError(message);
  }
}
