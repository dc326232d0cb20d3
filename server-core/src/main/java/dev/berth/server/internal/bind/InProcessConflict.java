package dev.berth.server.internal.bind;

import dev.berth.server.BindFailure;
import dev.berth.server.FailureReason;
import dev.berth.server.TcpEndpoint;
import dev.berth.server.internal.ApiAccess;

/**
 * The "address in use" Berth finds itself, before any listen, when another server in this
 * JVM (on the same Vert.x instance) already listens on an overlapping address and port:
 * Vert.x would otherwise join the two and split traffic. The holder is this process,
 * said as such rather than as a pid a reader would take for someone else's.
 */
public final class InProcessConflict {

  private InProcessConflict() {}

  public static BindFailure failure(TcpEndpoint endpoint, String occupied) {
    BindFailure.Holder holder = BindFailure.Holder.thisProcess();
    return ApiAccess.get().bindFailure(FailureReason.ADDRESS_IN_USE, Errno.EADDRINUSE.name(), Errno.EADDRINUSE.number(),
        "another server in this JVM listens on " + occupied, 1, Hints.withHolder(endpoint, holder), holder, null);
  }
}
