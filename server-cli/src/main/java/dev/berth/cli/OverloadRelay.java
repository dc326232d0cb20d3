package dev.berth.cli;

import dev.berth.server.OverloadNotice;
import java.util.Map;
import org.apache.logging.log4j.Level;

/**
 * Says server-core's overload lines (cap reached, accept failing, slow clients shed) as
 * berth's own, with their counts as log context, so {@code --log-format json} carries them
 * as fields ({@code berth.overload}, {@code berth.overload.count}, ...). Core logs the same
 * words itself for embedders; the CLI turns that logger off (LogConfiguration)
 * and says them here instead, once.
 */
final class OverloadRelay {

  /** The logger core says them through, silenced in the CLI in favour of this relay. */
  static final String CORE_LOGGER = "dev.berth.server.internal.limits.OverloadLog";

  private OverloadRelay() {}

  static void say(OverloadNotice notice) {
    Say.line(notice.ended() ? Level.INFO : Level.WARN, notice.line(), Map.of(
        "event.action", "overload-" + notice.kind(),
        "berth.overload", notice.kind(),
        "berth.overload.count", Long.toString(notice.count()),
        "berth.overload.total", Long.toString(notice.total()),
        "berth.connections.open", Integer.toString(notice.open()),
        "berth.connections.max", Integer.toString(notice.max())), null);
  }
}
