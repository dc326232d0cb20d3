package dev.berth.cli.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The report for machines, schema {@code berth.audit/1} (docs/audit.md): every fact, nothing clipped. */
final class JsonForm {
  static final String SCHEMA = "berth.audit/1";

  private JsonForm() {}

  static JsonObject of(AuditReport report) {
    JsonArray rows = new JsonArray();
    for (Row r : report.rows()) {
      JsonObject row = new JsonObject()
          .put("id", r.scenario().id())
          .put("title", r.scenario().title())
          .put("verdict", r.judgement().verdict().label())
          .put("reason", r.judgement().reason());
      Observation o = r.observation();
      if (o != null) {
        row.put("ending", o.ending().name().toLowerCase(java.util.Locale.ROOT))
            .put("exit", o.exit())
            .put("seconds", o.seconds())
            .put("listenedOnFailingAfter", o.listenedOnFailing())
            .put("stoleLiveSocket", o.stole())
            .put("firstEndpointListened", o.firstListened())
            .put("readyAfter", o.readyAfter())
            .put("facts", new JsonArray(o.facts()))
            .put("firstLine", o.output().firstLine())
            .put("lines", o.output().lines())
            .put("stackTrace", o.output().stackTrace());
      }
      rows.add(row);
    }
    return new JsonObject()
        .put("schema", SCHEMA)
        .put("command", report.command())
        .put("status", report.status())
        .put("seconds", report.seconds())
        .put("counts", new JsonObject()
            .put("FAIL", report.count(Verdict.FAIL)).put("WARN", report.count(Verdict.WARN))
            .put("PASS", report.count(Verdict.PASS)).put("n/a", report.count(Verdict.NA)))
        .put("scenarios", rows);
  }
}
