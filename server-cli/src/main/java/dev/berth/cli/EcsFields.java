package dev.berth.cli;

import dev.berth.server.BindOutcome;
import dev.berth.server.Endpoint;
import dev.berth.server.FailureReason;
import dev.berth.server.TcpEndpoint;
import dev.berth.server.OverloadNotice;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts of berth's lines as Elastic Common Schema fields, which {@code --log-format json}
 * writes beside {@code message} (log context, flattened by log4j's ECS template) so that a log
 * pipeline filters on them instead of parsing words: {@code event.action} always; the endpoint
 * as {@code url.full} or {@code server.address}/{@code server.port}; {@code error.type} (the
 * failure reason's code), {@code error.code} (the errno's name) and {@code process.exit_code}
 * where they apply. {@code process.pid} is on every line (LogConfiguration). The text format
 * shows none of them. docs/operations.md lists them.
 */
final class EcsFields {

  /** Every field name berth's lines may carry beyond ECS's base fields. */
  static final java.util.Set<String> NAMES = java.util.Set.of("event.action", "url.full", "server.address", "server.port",
      "error.type", "error.code", "process.exit_code", "berth.overload", "berth.overload.count", "berth.overload.total",
      "berth.connections.open", "berth.connections.max");

  private final Map<String, String> fields = new LinkedHashMap<>();

  private EcsFields(String action) {
    fields.put("event.action", action);
  }

  static Map<String, String> action(String action) {
    return new EcsFields(action).fields;
  }

  /** {@code listening}: where a bound endpoint is reached. */
  static Map<String, String> listening(BindOutcome.Bound bound) {
    return new EcsFields("listening").endpoint(bound.endpoint()).put("url.full", bound.url()).fields;
  }

  /** {@code bind-failed}: the endpoint, the reason, the errno, and the status berth exits with. */
  static Map<String, String> bindFailed(BindOutcome.Failed failed, int exitCode) {
    EcsFields f = new EcsFields("bind-failed").endpoint(failed.endpoint()).error(failed.failure().reason());
    if (failed.failure().errno() != null) {
      f.put("error.code", failed.failure().errno());
    }
    return f.put("process.exit_code", Integer.toString(exitCode)).fields;
  }

  /** A line that ends berth with {@code status}: a clean stop, a forced exit, a command's failure. */
  static Map<String, String> exit(String action, int status) {
    return new EcsFields(action).put("process.exit_code", Integer.toString(status)).fields;
  }

  /** {@code tls-reload} (or {@code tls-reload-refused}), with the reason when refused. */
  static Map<String, String> tlsReload(FailureReason refused) {
    return refused == null ? action("tls-reload") : new EcsFields("tls-reload-refused").error(refused).fields;
  }

  /** {@code overload-KIND}: the kind and the counts of an overload line. */
  static Map<String, String> overload(OverloadNotice notice) {
    return new EcsFields("overload-" + notice.kind().code())
        .put("berth.overload", notice.kind().code())
        .put("berth.overload.count", Long.toString(notice.count()))
        .put("berth.overload.total", Long.toString(notice.total()))
        .put("berth.connections.open", Integer.toString(notice.open()))
        .put("berth.connections.max", Integer.toString(notice.max())).fields;
  }

  private EcsFields endpoint(Endpoint endpoint) {
    if (endpoint instanceof TcpEndpoint tcp) {
      put("server.address", tcp.host()).put("server.port", Integer.toString(tcp.port()));
    } else {
      put("url.full", endpoint.toString());
    }
    return this;
  }

  private EcsFields error(FailureReason reason) {
    return put("error.type", reason.code());
  }

  private EcsFields put(String name, String value) {
    fields.put(name, value);
    return this;
  }
}
