package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.FailureReason;
import dev.berth.server.OverloadNotice;
import dev.berth.server.ServeEvent;
import dev.berth.server.ServeEvent.Kind;
import dev.berth.server.internal.ApiAccess;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-format json} takes each line's ECS fields from the event's values: the words may
 * change (here they are nonsense on purpose) and the fields stay. JsonLogProcessTest checks the
 * listening, bind-failed and stop lines of a real process; these are the kinds it cannot provoke cheaply.
 */
class SayOutputFieldsTest {

  private static final ApiAccess API = ApiAccess.get();

  @Test
  void anOverloadLineCarriesItsKindAndCounts() {
    OverloadNotice notice = API.overloadNotice(OverloadNotice.Kind.SHED, "words", false, 7, 12, 3, 100);
    assertThat(SayOutput.fields(event(Kind.OVERLOAD, Level.WARNING, notice, null))).containsExactlyInAnyOrderEntriesOf(Map.of(
        "event.action", "overload-shed", "berth.overload", "shed", "berth.overload.count", "7", "berth.overload.total", "12",
        "berth.connections.open", "3", "berth.connections.max", "100"));
  }

  @Test
  void aRefusedReloadCarriesTheReason() {
    Object why = API.tlsMaterial(FailureReason.TLS_MATERIAL, "bad key", "fix it", null);
    assertThat(SayOutput.fields(event(Kind.TLS_RELOAD_REFUSED, Level.ERROR, why, null)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("event.action", "tls-reload-refused", "error.type", "tls_material"));
  }

  @Test
  void linesThatEndServingCarryTheStatus() {
    assertThat(SayOutput.fields(event(Kind.FORCED_EXIT, Level.WARNING, null, 143)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("event.action", "forced-exit", "process.exit_code", "143"));
    assertThat(SayOutput.fields(event(Kind.STOP_FAILED, Level.ERROR, null, 70)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("event.action", "failed", "process.exit_code", "70"));
    assertThat(SayOutput.fields(event(Kind.NOTE, Level.INFO, null, null))).isEmpty();
  }

  private static ServeEvent event(Kind kind, Level level, Object about, Integer exitCode) {
    return API.serveEvent(kind, level, "nonsense words", about, exitCode, null);
  }
}
