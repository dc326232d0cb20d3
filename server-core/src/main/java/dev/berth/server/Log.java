package dev.berth.server;

import java.lang.System.Logger;

/**
 * Where server-core logs: {@link System.Logger}, the JDK's own facade, so a library
 * embedded in any program brings no logging framework and prints no complaint about a
 * missing one. Without a provider the JDK routes it to java.util.logging (warnings and
 * errors on stderr, debug off); the berth CLI routes it to log4j.
 */
final class Log {

  private Log() {}

  static Logger of(Class<?> type) {
    return System.getLogger(type.getName());
  }
}
