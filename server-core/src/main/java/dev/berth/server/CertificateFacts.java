package dev.berth.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a TLS endpoint presents, as the bind report shows it: enough for an operator to see
 * at a glance which certificate is served and until when, and to compare it with what a
 * client sees (the fingerprint). Never holds anything secret.
 *
 * @param subject the leaf certificate's subject, RFC 2253 ({@code CN=localhost})
 * @param subjectAltNames {@code DNS:localhost}, {@code IP:127.0.0.1}, ...
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256 SHA-256 of the leaf certificate's DER form, upper-case hex pairs joined by ':'
 * @param warnings what is not wrong enough to refuse (expires soon, key file readable by others)
 */
public record CertificateFacts(String subject, List<String> subjectAltNames, Instant notBefore, Instant notAfter,
    String sha256, List<String> warnings) {

  /**
   * Copies the lists and checks that the other parts are present.
   *
   * @param subject the leaf certificate's subject
   * @param subjectAltNames its subject alternative names
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @param sha256 the fingerprint
   * @param warnings what is not wrong enough to refuse
   */
  public CertificateFacts {
    Objects.requireNonNull(subject, "subject");
    subjectAltNames = List.copyOf(subjectAltNames);
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(sha256, "sha256");
    warnings = List.copyOf(warnings);
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
}
