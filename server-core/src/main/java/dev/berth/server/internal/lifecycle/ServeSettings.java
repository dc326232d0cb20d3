package dev.berth.server.internal.lifecycle;

import dev.berth.server.ServeListener;
import dev.berth.server.ServeOutput;
import java.util.List;

/**
 * What the builder fixed about serving: who is told of each step, where the lines go, and
 * whether SIGHUP reloads TLS.
 *
 * @param listeners told of each step, in this order
 * @param output where the lines go
 * @param reloadTlsOnSighup whether SIGHUP reloads the TLS material (else the JVM's default: exit 129)
 */
public record ServeSettings(List<ServeListener> listeners, ServeOutput output, boolean reloadTlsOnSighup) {

  /** Copies the list. */
  public ServeSettings {
    listeners = List.copyOf(listeners);
  }
}
