package dev.berth.server.internal.engine;

import java.lang.System.Logger;
import java.util.ResourceBundle;

/**
 * Where server-core logs: {@link System.Logger}, the JDK's own facade, so a library
 * embedded in any program brings no logging framework and prints no complaint about a
 * missing one. Without a provider the JDK routes it to java.util.logging (warnings and
 * errors on stderr, debug off); the berth CLI routes it to log4j.
 *
 * <p>The JDK looks for the provider at the first {@code System.getLogger}, with a service
 * lookup that opens every jar on the class path (about 12 ms of a start with berth's 30);
 * the loggers here ask for their System.Logger at their first use instead of when their
 * class initialises, so a start that logs nothing never pays for it.
 */
public final class Log {

  private Log() {}

  public static Logger of(Class<?> type) {
    return new Deferred(type.getName());
  }

  /** A System.Logger that finds its delegate at the first question or line. */
  private static final class Deferred implements Logger {
    private final String name;
    private volatile Logger delegate;

    Deferred(String name) {
      this.name = name;
    }

    private Logger delegate() {
      Logger d = delegate;
      if (d == null) {
        d = System.getLogger(name);
        delegate = d;
      }
      return d;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(Level level) {
      return delegate().isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      delegate().log(level, bundle, message, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      delegate().log(level, bundle, format, params);
    }
  }
}
