package dev.berth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTPS client for tests that trusts exactly the certificates it is given (a
 * {@link TestCertificates} one, say) and tells which certificate the server presented, by
 * its SHA-256 fingerprint: the sibling of {@link RawHttp} for TLS endpoints, to see that a
 * server serves, over which protocol (HTTP/1.1 or h2 by ALPN), and with which certificate.
 * Each call opens a new connection, so a rotated certificate shows at once.
 */
public final class TlsClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final SSLContext context;

  private TlsClient(SSLContext context) {
    this.context = context;
  }

  /**
   * What the server answered.
   *
   * @param status the HTTP status
   * @param protocol {@code HTTP/1.1} or {@code h2}
   * @param body the body as text
   * @param sha256 the fingerprint of the certificate the server presented
   */
  public record Response(int status, String protocol, String body, String sha256) {}

  /** Trusts the PEM certificates in these files (and nothing else). */
  public static TlsClient trusting(Path... certificatePems) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      int i = 0;
      for (Path pem : certificatePems) {
        try (InputStream in = Files.newInputStream(pem)) {
          for (Certificate c : factory.generateCertificates(in)) {
            trust.setCertificateEntry("trusted-" + (i++), c);
          }
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return new TlsClient(context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + java.util.Arrays.toString(certificatePems) + ": " + e, e);
    }
  }

  /** GET over HTTP/1.1 only. */
  public Response get(String url) {
    return get(url, HttpClient.Version.HTTP_1_1);
  }

  /** GET, offering h2 by ALPN when {@code version} is HTTP_2 (the server may still pick HTTP/1.1). */
  public Response get(String url, HttpClient.Version version) {
    HttpClient client = HttpClient.newBuilder().sslContext(context).version(version).connectTimeout(TIMEOUT).build();
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      String sha256 = response.sslSession().map(s -> {
        try {
          return fingerprint((X509Certificate) s.getPeerCertificates()[0]);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
          return "";
        }
      }).orElse("");
      return new Response(response.statusCode(), response.version() == HttpClient.Version.HTTP_2 ? "h2" : "HTTP/1.1",
          response.body(), sha256);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Does a TLS handshake with host:port and returns the presented certificate's fingerprint. */
  public String servedFingerprint(String host, int port) {
    try (SSLSocket socket = connect(host, port)) {
      return fingerprint((X509Certificate) socket.getSession().getPeerCertificates()[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("TLS handshake with " + host + ":" + port + ": " + e, e);
    }
  }

  /**
   * A TLS connection to host:port, handshake done, trusting what this client trusts and offering
   * {@code applicationProtocols} by ALPN (none: the server picks, HTTP/1.1 for most servers): for
   * the raw exchanges no HTTP client sends, over TLS as {@link RawHttp} and {@link Conversation}
   * do over plain TCP (a smuggling attempt, HTTP/2 frames by hand). Reads time out after 60 s;
   * {@link SSLSocket#getApplicationProtocol()} says what ALPN chose. The caller closes it.
   */
  public SSLSocket connect(String host, int port, String... applicationProtocols) {
    SSLSocket socket = null;
    try {
      socket = (SSLSocket) context.getSocketFactory().createSocket();
      if (applicationProtocols.length > 0) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(applicationProtocols);
        socket.setSSLParameters(parameters);
      }
      socket.connect(new java.net.InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      socket.startHandshake();
      return socket;
    } catch (IOException e) {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // failing anyway, with the first error
        }
      }
      throw new UncheckedIOException("TLS handshake with " + host + ":" + port + ": " + e, e);
    }
  }

  /** SHA-256 of the certificate's DER form, upper-case hex pairs joined by ':' (as openssl prints it). */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return java.util.HexFormat.ofDelimiter(":").withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
