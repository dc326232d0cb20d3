package dev.berth.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every endpoint's outcome for one start, in the order asked, plus when and how long.
 * A value made by Berth only (its constructor is not API): fields may be added, none removed.
 *
 * <p>The JSON form ({@link #toJson()}) is a stable, versioned contract documented in
 * docs/bind-report.md: fields are only ever added within a schema version.
 */
public final class BindReport {

  /** The transport the endpoints were bound with. */
  public enum Transport {
    /** The JDK's NIO. */
    NIO,
    /** Netty's native epoll. */
    EPOLL;

    /**
     * The name in the JSON form.
     *
     * @return {@code nio} or {@code epoll}
     */
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The transport a JSON report names.
     *
     * @param code {@code nio} or {@code epoll}
     * @return the transport
     * @throws IllegalArgumentException for any other text
     */
    public static Transport fromCode(String code) {
      return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** The schema identifier written as {@code "schema"} in the JSON form. */
  public static final String SCHEMA = "berth.bind-report/1";

  private final List<BindOutcome> outcomes;
  private final Transport transport;
  private final Instant startedAt;
  private final Duration elapsed;
  private final Map<Endpoint, CertificateFacts> certificates;

  BindReport(List<BindOutcome> outcomes, Transport transport, Instant startedAt, Duration elapsed,
      Map<Endpoint, CertificateFacts> certificates) {
    this.outcomes = List.copyOf(outcomes);
    if (this.outcomes.isEmpty()) {
      throw new IllegalArgumentException("a bind report needs at least one outcome");
    }
    this.transport = Objects.requireNonNull(transport, "transport");
    this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    this.certificates = Map.copyOf(certificates);
  }

  /**
   * One outcome per endpoint.
   *
   * @return the outcomes, in the order given; never empty
   */
  public List<BindOutcome> outcomes() {
    return outcomes;
  }

  /**
   * The transport the endpoints were bound with.
   *
   * @return NIO or EPOLL
   */
  public Transport transport() {
    return transport;
  }

  /**
   * When binding began.
   *
   * @return the instant
   */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * From the start of binding until every outcome was known (and, on failure, every bound
   * endpoint closed again).
   *
   * @return the duration
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * What each bound {@code https://} endpoint presents.
   *
   * @return by endpoint; empty without TLS
   */
  public Map<Endpoint, CertificateFacts> certificates() {
    return certificates;
  }

  /**
   * Whether every endpoint was bound. A report always has at least one outcome.
   *
   * @return true when no endpoint failed
   */
  public boolean succeeded() {
    return outcomes.stream().allMatch(o -> o instanceof BindOutcome.Bound);
  }

  /**
   * The endpoints that were bound (on failure they have been closed again).
   *
   * @return the bound outcomes, in the order given
   */
  public List<BindOutcome.Bound> bound() {
    return outcomes.stream()
        .filter(BindOutcome.Bound.class::isInstance)
        .map(BindOutcome.Bound.class::cast)
        .toList();
  }

  /**
   * The endpoints that failed.
   *
   * @return the failed outcomes, in the order given
   */
  public List<BindOutcome.Failed> failures() {
    return outcomes.stream()
        .filter(BindOutcome.Failed.class::isInstance)
        .map(BindOutcome.Failed.class::cast)
        .toList();
  }

  /**
   * The stable JSON form; see docs/bind-report.md.
   *
   * @return a new JSON object
   */
  public JsonObject toJson() {
    JsonArray endpoints = new JsonArray();
    for (BindOutcome outcome : outcomes) {
      // Java 17 has no pattern switch; the sealed interface has exactly these two cases.
      if (outcome instanceof BindOutcome.Bound b) {
        endpoints.add(new JsonObject()
            .put("endpoint", b.endpoint().toString())
            .put("status", "bound")
            .put("address", b.address())
            .put("port", b.port())
            .put("url", b.url())
            .put("attempts", b.attempts())
            .put("instances", b.instances()));
        inheritedFields(b.endpoint(), endpoints.getJsonObject(endpoints.size() - 1));
        CertificateFacts tls = certificates.get(b.endpoint());
        if (tls != null) {
          endpoints.getJsonObject(endpoints.size() - 1).put("tls", tls.toJson());
        }
      } else {
        endpoints.add(failureJson((BindOutcome.Failed) outcome));
      }
    }
    return new JsonObject()
        .put("schema", SCHEMA)
        .put("ok", succeeded())
        .put("transport", transport.code())
        .put("startedAt", startedAt.toString())
        .put("elapsedMillis", elapsed.toMillis())
        .put("endpoints", endpoints);
  }

  private static JsonObject failureJson(BindOutcome.Failed failed) {
    BindFailure f = failed.failure();
    JsonObject json = new JsonObject()
        .put("endpoint", failed.endpoint().toString())
        .put("status", "failed")
        .put("reason", f.reason().code())
        .put("reasonText", f.reason().words())
        .put("errno", f.errno())
        .put("errnoNumber", f.errno() == null ? null : f.errnoNumber())
        .put("osMessage", f.osMessage())
        .put("attempts", f.attempts())
        .put("hint", f.hint());
    inheritedFields(failed.endpoint(), json);
    f.holderIfKnown().ifPresent(h -> json.put("holder", new JsonObject().put("pid", h.pid()).put("command", h.command())));
    return json;
  }

  /** For a socket handed over: who passed it ({@code systemd} or {@code fd}) and its descriptor. */
  private static void inheritedFields(Endpoint endpoint, JsonObject json) {
    if (endpoint instanceof InheritedEndpoint inherited) {
      json.put("source", inherited.source().code());
      if (inherited.fd() >= 0) {
        json.put("fd", inherited.fd());
      }
    }
  }

  /**
   * Reads a report back from its JSON form (the cause of a failure is not part of it).
   *
   * @param json a document written by {@link #toJson()}
   * @return the report
   * @throws IllegalArgumentException if the schema is not {@link #SCHEMA}
   */
  public static BindReport fromJson(JsonObject json) {
    if (!SCHEMA.equals(json.getString("schema"))) {
      throw new IllegalArgumentException("not a " + SCHEMA + " document: schema=" + json.getString("schema"));
    }
    List<BindOutcome> outcomes = json.getJsonArray("endpoints").stream()
        .map(JsonObject.class::cast)
        .map(BindReport::outcomeFromJson)
        .toList();
    Map<Endpoint, CertificateFacts> certificates = new HashMap<>();
    for (int i = 0; i < outcomes.size(); i++) {
      JsonObject tls = json.getJsonArray("endpoints").getJsonObject(i).getJsonObject("tls");
      if (tls != null) {
        certificates.put(outcomes.get(i).endpoint(), CertificateFacts.fromJson(tls));
      }
    }
    return new BindReport(outcomes, Transport.fromCode(json.getString("transport")),
        Instant.parse(json.getString("startedAt")), Duration.ofMillis(json.getLong("elapsedMillis")), certificates);
  }

  private static BindOutcome outcomeFromJson(JsonObject o) {
    Endpoint parsed = Endpoint.parse(o.getString("endpoint"));
    Endpoint endpoint = parsed instanceof InheritedEndpoint i && o.getInteger("fd") != null ? i.at(o.getInteger("fd")) : parsed;
    if ("bound".equals(o.getString("status"))) {
      return new BindOutcome.Bound(endpoint, o.getString("address"), o.getInteger("port"), o.getInteger("attempts"),
          o.getInteger("instances", 1), o.getString("url", "").startsWith("https://"));
    }
    JsonObject h = o.getJsonObject("holder");
    BindFailure.Holder holder = h == null ? null : new BindFailure.Holder(h.getLong("pid"), h.getString("command"));
    Integer number = o.getInteger("errnoNumber");
    return new BindOutcome.Failed(endpoint, new BindFailure(
        FailureReason.fromCode(o.getString("reason")), o.getString("errno"), number == null ? 0 : number,
        o.getString("osMessage"), o.getInteger("attempts"), o.getString("hint"), holder, null));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BindReport r && r.outcomes.equals(outcomes) && r.transport == transport && r.startedAt.equals(startedAt)
        && r.elapsed.equals(elapsed) && r.certificates.equals(certificates);
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcomes, transport, startedAt, elapsed, certificates);
  }

  /** The JSON form, on one line. */
  @Override
  public String toString() {
    return toJson().encode();
  }
}
