package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ServerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth audit} against real servers in child processes: a python3 server with the seed's
 * bug (it logs the bind failure and exits 0) gets FAIL and makes the audit exit 1; berth itself
 * gets PASS and the audit exits 0.
 */
class AuditProcessTest {
  private static final Duration AUDIT = Duration.ofMinutes(3);

  /** Serves HTTP on argv's host and port; on a bind failure says so and exits 0, as Daphne 4.0.0 does. */
  private static final String LYING_SERVER = String.join("\n",
      "import signal, socket, sys",
      "host, port = sys.argv[1], int(sys.argv[2])",
      "s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)",
      "try:",
      "    s.bind((host, port))",
      "except OSError as e:",
      "    print('could not listen on %s:%d: %s' % (host, port, e), file=sys.stderr)",
      "    sys.exit(0)",
      "s.listen(16)",
      "signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))",
      "while True:",
      "    c, _ = s.accept()",
      "    c.recv(65536)",
      "    c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n')",
      "    c.close()",
      "");

  private static Map<String, String> verdicts(JsonObject report) {
    Map<String, String> v = new LinkedHashMap<>();
    JsonArray rows = report.getJsonArray("scenarios");
    for (int i = 0; i < rows.size(); i++) {
      v.put(rows.getJsonObject(i).getString("id"), rows.getJsonObject(i).getString("verdict"));
    }
    return v;
  }

  private static ServerProcess audit(List<String> auditArgs, List<String> server) {
    List<String> args = new ArrayList<>(List.of("audit"));
    args.addAll(auditArgs);
    args.add("--");
    args.addAll(server);
    ServerProcess p = ServerProcess.command(Berth.command(args)).start();
    p.awaitExit(AUDIT);
    return p;
  }

  @Test
  void aServerThatExitsZeroOnABindFailureFailsTheAudit(@TempDir Path dir) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3 for the audited server");
    Path script = Files.writeString(dir.resolve("lying_server.py"), LYING_SERVER);
    try (ServerProcess p = audit(List.of("--json", "--only", "inuse-v4,not-local,sigterm"),
        List.of("/usr/bin/python3", script.toString(), "{host}", "{port}"))) {
      assertThat(p.awaitExit(AUDIT)).as(p.stderr()).isEqualTo(1);
      JsonObject report = new JsonObject(p.stdout());
      assertThat(report.getString("schema")).isEqualTo("berth.audit/1");
      assertThat(verdicts(report)).containsExactly(Map.entry("inuse-v4", "FAIL"), Map.entry("not-local", "FAIL"),
          Map.entry("sigterm", "PASS"));
      JsonObject inUse = report.getJsonArray("scenarios").getJsonObject(0);
      assertThat(inUse.getInteger("exit")).isZero();
      assertThat(inUse.getString("firstLine")).startsWith("could not listen on 127.0.0.1:").contains("Address already in use");
      assertThat(p.stderrLines()).anyMatch(l -> l.startsWith("berth audit: [1/3] port in use"));
    }
  }

  @Test
  void berthPassesItsOwnAudit() {
    List<String> berth = Berth.command("serve", "--bind", "{host}:{port}", "--bind", "unix:{unix}");
    try (ServerProcess p = audit(List.of("--json", "--only", "inuse-v4,unix-live,sigterm"), berth)) {
      assertThat(p.awaitExit(AUDIT)).as(p.stderr()).isZero();
      JsonObject report = new JsonObject(p.stdout());
      assertThat(verdicts(report)).as(report.encodePrettily()).containsExactly(Map.entry("inuse-v4", "PASS"),
          Map.entry("unix-live", "PASS"), Map.entry("sigterm", "PASS"));
      assertThat(report.getJsonArray("scenarios").getJsonObject(0).getInteger("exit")).isEqualTo(75);
      assertThat(report.getJsonArray("scenarios").getJsonObject(1).getJsonArray("facts")).contains("live server still reachable");
    }
  }
}
