package dev.berth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;

/**
 * How every library reaches log4j: Netty, Vert.x, server-core's {@code System.Logger} (the JDK
 * hands it to java.util.logging when no other finder is installed) and Micrometer all log
 * through java.util.logging, and log4j's own JUL bridge ({@link Log4jBridgeHandler}) is JUL's
 * only handler. JUL decides whether a line is on before anything is formatted, so its levels are
 * log4j's: {@link #levels} hands JUL the levels of the log4j configuration in force, by logger
 * name (both resolve a name to its nearest configured ancestor's level).
 *
 * <p>Why JUL and not log4j-api directly: log4j-api's {@code LogManager} starts (status logger,
 * provider search through every jar, property sources) at the first logger any library asks
 * for, about 37 ms of every start (bench/levers.md), where JUL is the JDK's own. It stays lazy
 * in JUL's own way: this class is JUL's configuration class ({@code java.util.logging.config.class},
 * set by {@link #install}), which JUL runs when a library first asks it for a logger, so a run
 * that ends before any library logs (a usage error) never starts JUL; and the bridge is made at
 * the first record, so log4j-api starts only when a library line is actually published.
 * Public, with its nested handler, because JUL instantiates both by name.
 */
public final class JulRoute {

  private static Map<String, Level> levels = Map.of();
  /** Whether JUL has started and holds this route's configuration. */
  private static boolean configured;

  /** Run by JUL when it starts (as its configuration class): the route with the levels in force. */
  public JulRoute() {
    synchronized (JulRoute.class) {
      configured = true;
      apply();
    }
  }

  /** Names this class as JUL's configuration: a JUL configuration of the user's is replaced (the log4j one rules). */
  static void install() {
    System.setProperty("java.util.logging.config.class", JulRoute.class.getName());
    System.clearProperty("java.util.logging.config.file");
  }

  /** JUL's levels from now on: {@code levels} maps a logger name ("" the root) to its log4j level. */
  static synchronized void levels(Map<String, Level> levels) {
    JulRoute.levels = Map.copyOf(levels);
    if (configured) {
      apply();
    }
  }

  /** JUL's configuration, as JUL reads it: the bridge as the root's only handler and the levels. */
  private static void apply() {
    StringBuilder text = new StringBuilder("handlers = ").append(Bridge.class.getName()).append('\n');
    levels.forEach((name, level) -> text.append(name).append(".level = ").append(julLevel(level).getName()).append('\n'));
    try {
      LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail to read
    }
  }

  /** The widest JUL level whose records log4j's bridge turns into {@code level} or above. */
  static java.util.logging.Level julLevel(Level level) {
    return switch (level.getStandardLevel()) {
      case OFF -> java.util.logging.Level.OFF;
      case FATAL, ERROR -> java.util.logging.Level.SEVERE;
      case WARN -> java.util.logging.Level.WARNING;
      case INFO -> java.util.logging.Level.INFO;
      case DEBUG -> java.util.logging.Level.FINE;
      case TRACE, ALL -> java.util.logging.Level.ALL;
    };
  }

  /** log4j's bridge, made at the first record: its class starts log4j's status logger. */
  public static final class Bridge extends Handler {
    private Log4jBridgeHandler bridge;

    /** Made by JUL from its configuration. */
    public Bridge() {}

    private synchronized Log4jBridgeHandler bridge() {
      if (bridge == null) {
        bridge = new Log4jBridgeHandler(false, null, false);
      }
      return bridge;
    }

    @Override
    public void publish(LogRecord record) {
      bridge().publish(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
