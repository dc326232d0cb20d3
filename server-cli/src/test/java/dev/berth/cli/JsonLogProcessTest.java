package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.RawHttp;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-format json}: every line berth writes to stderr is one ECS JSON object whose
 * fields are ECS's base fields or those of {@link EcsFields#NAMES}, and the lines a pipeline acts
 * on carry their facts as fields: a bind failure its reason, errno, endpoint and exit status;
 * readiness its URL; a stop its exit status.
 */
class JsonLogProcessTest {

  /** What log4j's ECS template writes on every line, plus the pid berth adds. */
  private static final Set<String> BASE = Set.of("@timestamp", "ecs.version", "log.level", "message", "process.thread.name",
      "log.logger", "process.pid", "error.message", "error.stack_trace");

  @Test
  void aBindFailureCarriesReasonErrnoEndpointAndExitStatus() throws Exception {
    try (ForeignPortHolder holder = ForeignPortHolder.hold("127.0.0.1", 0)) {
      ServerProcess berth = Berth.run("serve", "--bind", "127.0.0.1:0", "--bind", holder.endpoint(), "--log-format", "json");
      assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(75);
      List<JsonObject> lines = parsed(berth);
      JsonObject failed = only(lines, "bind-failed");
      assertThat(failed.getString("log.level")).isEqualTo("ERROR");
      assertThat(failed.getString("error.type")).isEqualTo("address_in_use");
      assertThat(failed.getString("error.code")).isEqualTo("EADDRINUSE");
      assertThat(failed.getString("process.exit_code")).isEqualTo("75");
      assertThat(failed.getString("server.address")).isEqualTo("127.0.0.1");
      assertThat(failed.getString("server.port")).isEqualTo(holder.endpoint().substring(holder.endpoint().lastIndexOf(':') + 1));
      assertThat(failed.getLong("process.pid")).isEqualTo(berth.pid());
    }
  }

  @Test
  void readinessAndStopCarryTheUrlAndTheExitStatus() throws Exception {
    List<String> cmd = Berth.java().args("serve", "--bind", "127.0.0.1:0", "--log-format", "json").build();
    try (ServerProcess p = ServerProcess.command(cmd).readyWhenStderrMatches("\"event.action\":\"listening\"").start()
        .awaitReady(Berth.START)) {
      JsonObject listening = only(parsed(p), "listening");
      String url = listening.getString("url.full");
      assertThat(url).startsWith("http://127.0.0.1:");
      assertThat(listening.getString("server.address")).isEqualTo("127.0.0.1");
      assertThat(RawHttp.get(Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)), "/health")).startsWith("HTTP/1.1 200");
      p.signal(Signal.TERM);
      p.assertExitCode(0, Berth.EXIT);
      List<JsonObject> lines = parsed(p);
      only(lines, "stopping");
      assertThat(only(lines, "stopped").getString("process.exit_code")).isEqualTo("0");
      assertThat(lines).allSatisfy(line -> assertThat(line.getLong("process.pid")).isEqualTo(p.pid()));
    }
  }

  /** Every stderr line as JSON, each checked against the field list. */
  private static List<JsonObject> parsed(ServerProcess p) {
    List<JsonObject> lines = new ArrayList<>();
    Set<String> allowed = new HashSet<>(BASE);
    allowed.addAll(EcsFields.NAMES);
    for (String line : p.stderrLines()) {
      JsonObject json = new JsonObject(line);
      assertThat(json.fieldNames()).as("fields of %s", line).isSubsetOf(allowed);
      lines.add(json);
    }
    assertThat(lines).as("stderr of %s", p).isNotEmpty();
    return lines;
  }

  private static JsonObject only(List<JsonObject> lines, String action) {
    List<JsonObject> found = lines.stream().filter(l -> action.equals(l.getString("event.action"))).toList();
    assertThat(found).as("lines with event.action %s in %s", action, lines).hasSize(1);
    return found.get(0);
  }
}
