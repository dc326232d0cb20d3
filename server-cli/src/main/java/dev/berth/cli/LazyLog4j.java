package dev.berth.cli;

import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.spi.AbstractLogger;
import org.apache.logging.log4j.spi.ExtendedLogger;
import org.apache.logging.log4j.spi.LoggerContext;
import org.apache.logging.log4j.spi.LoggerContextFactory;

/**
 * The one place where berth's logging is lazy: log4j-api's context factory in the CLI (named in
 * log4j2.component.properties), so every line that reaches log4j-api passes here — berth's own,
 * and the libraries' through log4j's JUL bridge ({@link JulRoute}). Starting log4j-core costs a
 * start about 0.27 s of CPU (600 classes, its plugins and configuration; docs/performance.md).
 * So while berth's default text configuration is the one in force, a logger answers from that
 * configuration's levels ({@link LogConfiguration#levels}) and writes an enabled line as its
 * pattern would ({@code berth: message}); once {@link #use} is asked for another (JSON,
 * {@code --verbose}, a file the user names), log4j-core starts and every logger, including those
 * handed out before, passes all to it. Either way JUL's levels are set from the configuration in
 * force. Public because log4j-api instantiates it.
 */
public final class LazyLog4j implements LoggerContextFactory {

  private static final Map<String, Level> DEFAULT = LogConfiguration.levels(false);
  private static final Context CONTEXT = new Context();
  /** log4j-core's context once started; the one in force, or null while the default holds. */
  private static org.apache.logging.log4j.core.LoggerContext started;
  private static volatile org.apache.logging.log4j.core.LoggerContext active;

  /** Called by log4j-api. */
  public LazyLog4j() {}

  /**
   * The configuration for the lines that follow: the default text one stays lazy; any other
   * starts log4j-core (once per JVM) or reconfigures it. A user's file always wins.
   */
  static synchronized void use(LogFormat format, boolean verbose) {
    boolean user = LogConfiguration.userFile();
    if (!user && format == LogFormat.TEXT && !verbose) {
      active = null;
      JulRoute.levels(DEFAULT);
      return;
    }
    if (started == null) {
      started = new org.apache.logging.log4j.core.LoggerContext("berth");
      if (user) {
        started.start(); // finds the user's file as log4j always does
      } else {
        started.start(LogConfiguration.of(format, verbose));
      }
      // a user's file that log4j watches (monitorInterval) may change levels later
      started.addPropertyChangeListener(change -> {
        if (org.apache.logging.log4j.core.LoggerContext.PROPERTY_CONFIG.equals(change.getPropertyName())) {
          JulRoute.levels(levelsOf(started.getConfiguration()));
        }
      });
    } else if (!user) {
      started.reconfigure(LogConfiguration.of(format, verbose));
    }
    active = started;
    JulRoute.levels(levelsOf(started.getConfiguration()));
  }

  /** The levels a log4j configuration names, by logger name ("" the root). */
  private static Map<String, Level> levelsOf(org.apache.logging.log4j.core.config.Configuration configuration) {
    Map<String, Level> levels = new java.util.LinkedHashMap<>();
    configuration.getLoggers().forEach((name, logger) -> levels.put(name, logger.getLevel()));
    levels.put("", configuration.getRootLogger().getLevel());
    return levels;
  }

  /** Whether the default text configuration holds, with log4j-core not involved. */
  static boolean lazy() {
    return active == null;
  }

  /** The logger LogManager would hand out for {@code name}, without starting LogManager. */
  static ExtendedLogger logger(String name) {
    return CONTEXT.getLogger(name);
  }

  @Override
  public LoggerContext getContext(String fqcn, ClassLoader loader, Object externalContext, boolean currentContext) {
    return CONTEXT;
  }

  @Override
  public LoggerContext getContext(String fqcn, ClassLoader loader, Object externalContext, boolean currentContext,
      URI configLocation, String name) {
    return CONTEXT;
  }

  @Override
  public void removeContext(LoggerContext context) {}

  private static final class Context implements LoggerContext {
    private final Map<String, Lazy> loggers = new ConcurrentHashMap<>();

    @Override
    public Object getExternalContext() {
      return null;
    }

    @Override
    public ExtendedLogger getLogger(String name) {
      return loggers.computeIfAbsent(name, Lazy::new);
    }

    @Override
    public ExtendedLogger getLogger(String name, org.apache.logging.log4j.message.MessageFactory messageFactory) {
      return getLogger(name);
    }

    @Override
    public boolean hasLogger(String name) {
      return loggers.containsKey(name);
    }

    @Override
    public boolean hasLogger(String name, org.apache.logging.log4j.message.MessageFactory messageFactory) {
      return hasLogger(name);
    }

    @Override
    public boolean hasLogger(String name, Class<? extends org.apache.logging.log4j.message.MessageFactory> type) {
      return hasLogger(name);
    }
  }

  /** One logger name: log4j-core's logger once started, the default's level and pattern before. */
  private static final class Lazy extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    Lazy(String name) {
      super(name);
    }

    private boolean on(Level level) {
      org.apache.logging.log4j.core.LoggerContext core = active;
      return core != null ? core.getLogger(getName()).isEnabled(level) : level.isMoreSpecificThan(getLevel());
    }

    @Override
    public Level getLevel() {
      org.apache.logging.log4j.core.LoggerContext core = active;
      return core != null ? core.getLogger(getName()).getLevel() : LogConfiguration.levelOf(DEFAULT, getName());
    }

    @Override
    public void logMessage(String fqcn, Level level, Marker marker, Message message, Throwable thrown) {
      org.apache.logging.log4j.core.LoggerContext core = active;
      if (core != null) {
        core.getLogger(getName()).logMessage(fqcn, level, marker, message, thrown);
        return;
      }
      Throwable stackTrace = thrown != null ? thrown : message.getThrowable();
      PrintStream err = System.err;
      synchronized (err) {
        err.println(LogConfiguration.TEXT_PREFIX + message.getFormattedMessage());
        if (stackTrace != null) {
          stackTrace.printStackTrace(err);
        }
        err.flush();
      }
    }

    // log4j-api's overloads, all one question: is this level on?
    @Override public boolean isEnabled(Level l, Marker m, Message msg, Throwable t) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, CharSequence msg, Throwable t) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, Object msg, Throwable t) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Throwable t) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object... p) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0, Object p1) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0, Object p1, Object p2) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0, Object p1, Object p2, Object p3) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0, Object p1, Object p2, Object p3,
        Object p4) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0, Object p1, Object p2, Object p3,
        Object p4, Object p5) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0, Object p1, Object p2, Object p3,
        Object p4, Object p5, Object p6) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0, Object p1, Object p2, Object p3,
        Object p4, Object p5, Object p6, Object p7) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0, Object p1, Object p2, Object p3,
        Object p4, Object p5, Object p6, Object p7, Object p8) { return on(l); }
    @Override public boolean isEnabled(Level l, Marker m, String msg, Object p0, Object p1, Object p2, Object p3,
        Object p4, Object p5, Object p6, Object p7, Object p8, Object p9) { return on(l); }
  }
}
