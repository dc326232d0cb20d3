package dev.berth.cli;

import dev.berth.server.OverloadNotice;
import org.apache.logging.log4j.CloseableThreadContext;

/**
 * Says server-core's overload lines (cap reached, accept failing, slow clients shed) as
 * berth's own, with their counts as log context, so {@code --log-format json} carries them
 * as fields ({@code berth.overload}, {@code berth.overload.count}, ...). Core logs the same
 * words itself for embedders; the CLI turns that logger off (log4j2.properties, LogSetup)
 * and says them here instead, once.
 */
final class OverloadRelay {

  /** The logger core says them through, silenced in the CLI in favour of this relay. */
  static final String CORE_LOGGER = "dev.berth.server.internal.limits.OverloadLog";

  private OverloadRelay() {}

  static void say(OverloadNotice notice) {
    try (CloseableThreadContext.Instance context = CloseableThreadContext
        .put("berth.overload", notice.kind())
        .put("berth.overload.count", Long.toString(notice.count()))
        .put("berth.overload.total", Long.toString(notice.total()))
        .put("berth.connections.open", Integer.toString(notice.open()))
        .put("berth.connections.max", Integer.toString(notice.max()))) {
      if (notice.ended()) {
        Say.info(notice.line());
      } else {
        Say.warn(notice.line());
      }
    }
  }
}
