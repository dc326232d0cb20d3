package dev.berth.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a TLS endpoint presents, as the bind report shows it: enough for an operator to see
 * at a glance which certificate is served and until when, and to compare it with what a
 * client sees (the fingerprint). Never holds anything secret. A value made by Berth only
 * (its constructor is not API): fields may be added, none removed.
 */
public final class CertificateFacts {

  private final String subject;
  private final List<String> subjectAltNames;
  private final Instant notBefore;
  private final Instant notAfter;
  private final String sha256;
  private final List<String> warnings;

  CertificateFacts(String subject, List<String> subjectAltNames, Instant notBefore, Instant notAfter, String sha256,
      List<String> warnings) {
    this.subject = Objects.requireNonNull(subject, "subject");
    this.subjectAltNames = List.copyOf(subjectAltNames);
    this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
    this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
    this.sha256 = Objects.requireNonNull(sha256, "sha256");
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The leaf certificate's subject, RFC 2253.
   *
   * @return e.g. {@code CN=localhost}
   */
  public String subject() {
    return subject;
  }

  /**
   * The leaf certificate's subject alternative names.
   *
   * @return {@code DNS:localhost}, {@code IP:127.0.0.1}, ...
   */
  public List<String> subjectAltNames() {
    return subjectAltNames;
  }

  /**
   * Start of validity.
   *
   * @return the instant
   */
  public Instant notBefore() {
    return notBefore;
  }

  /**
   * End of validity.
   *
   * @return the instant
   */
  public Instant notAfter() {
    return notAfter;
  }

  /**
   * SHA-256 of the leaf certificate's DER form.
   *
   * @return upper-case hex pairs joined by ':'
   */
  public String sha256() {
    return sha256;
  }

  /**
   * What is not wrong enough to refuse (expires soon, key file readable by others).
   *
   * @return one line each; empty when all is well
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * The report's {@code "tls"} object.
   *
   * @return a new JSON object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("subject", subject)
        .put("subjectAltNames", new JsonArray(subjectAltNames))
        .put("notBefore", notBefore.toString())
        .put("notAfter", notAfter.toString())
        .put("sha256", sha256)
        .put("warnings", new JsonArray(warnings));
  }

  static CertificateFacts fromJson(JsonObject json) {
    return new CertificateFacts(json.getString("subject"),
        json.getJsonArray("subjectAltNames").stream().map(String::valueOf).toList(),
        Instant.parse(json.getString("notBefore")), Instant.parse(json.getString("notAfter")),
        json.getString("sha256"),
        json.getJsonArray("warnings", new JsonArray()).stream().map(String::valueOf).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateFacts c && c.subject.equals(subject) && c.subjectAltNames.equals(subjectAltNames)
        && c.notBefore.equals(notBefore) && c.notAfter.equals(notAfter) && c.sha256.equals(sha256) && c.warnings.equals(warnings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, subjectAltNames, notBefore, notAfter, sha256, warnings);
  }

  /** {@code CN=localhost until 2027-01-01T00:00:00Z, SHA-256 AB:CD:...}. */
  @Override
  public String toString() {
    return subject + " until " + notAfter + ", SHA-256 " + sha256;
  }
}
