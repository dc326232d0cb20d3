package dev.berth.cli;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.vertx.core.spi.logging.LogDelegate;
import io.vertx.core.spi.logging.LogDelegateFactory;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Netty's and Vert.x's loggers in the CLI: "is this level on?" is answered from berth's
 * default thresholds ({@link DefaultLevels}) without starting log4j, and a line that is on
 * goes to log4j, which starts then. Both libraries ask at every start (Netty's static
 * initialisers ask about DEBUG dozens of times), and their own log4j adapters start log4j to
 * answer: log4j's configuration, plugins and annotation proxies were about a quarter of
 * launch to first 200 (docs/performance.md). Once berth or the user configures log4j (JSON,
 * {@code --verbose}, a configuration file) every question goes to log4j, as before; nothing
 * changes in what is printed. Public only because Vert.x instantiates {@link ForVertx} by name.
 */
public final class LazyLoggers {

  private static final String VERTX_FACTORY = "vertx.logger-delegate-factory-class-name";

  private LazyLoggers() {}

  /** Before any Netty or Vert.x class logs; a Vert.x factory the user named stays. */
  static void install() {
    if (System.getProperty(VERTX_FACTORY) == null) {
      System.setProperty(VERTX_FACTORY, ForVertx.class.getName());
    }
    InternalLoggerFactory.setDefaultFactory(new ForNetty());
  }

  /** One logger name: the question answered without log4j while the defaults hold, the line through log4j. */
  private static final class Lazy {
    private final String name;
    private volatile Logger log;

    Lazy(String name) {
      this.name = name;
    }

    boolean on(Level level) {
      if (DefaultLevels.inForce()) {
        return DefaultLevels.loggable(name, toSystem(level));
      }
      return log().isEnabled(level);
    }

    Logger log() {
      Logger l = log;
      if (l == null) {
        l = LogManager.getLogger(name);
        log = l;
      }
      return l;
    }

    private static System.Logger.Level toSystem(Level level) {
      if (level == Level.TRACE) {
        return System.Logger.Level.TRACE;
      }
      if (level == Level.DEBUG) {
        return System.Logger.Level.DEBUG;
      }
      if (level == Level.INFO) {
        return System.Logger.Level.INFO;
      }
      return level == Level.WARN ? System.Logger.Level.WARNING : System.Logger.Level.ERROR;
    }
  }

  /** Netty's logger factory (InternalLoggerFactory.setDefaultFactory). */
  private static final class ForNetty extends InternalLoggerFactory {
    @Override
    protected InternalLogger newInstance(String name) {
      return new NettyLogger(name);
    }
  }

  /** Vert.x's logger factory, named by the {@code vertx.logger-delegate-factory-class-name} property. */
  public static final class ForVertx implements LogDelegateFactory {

    /** Called by Vert.x's LoggerFactory. */
    public ForVertx() {}

    @Override
    public boolean isAvailable() {
      return true;
    }

    @Override
    public LogDelegate createDelegate(String name) {
      return new VertxLogger(name);
    }
  }

  private static final class VertxLogger implements LogDelegate {
    private final Lazy lazy;

    VertxLogger(String name) {
      lazy = new Lazy(name);
    }

    @Override
    public String implementation() {
      return "berth (log4j)";
    }

    @Override
    public boolean isWarnEnabled() {
      return lazy.on(Level.WARN);
    }

    @Override
    public boolean isInfoEnabled() {
      return lazy.on(Level.INFO);
    }

    @Override
    public boolean isDebugEnabled() {
      return lazy.on(Level.DEBUG);
    }

    @Override
    public boolean isTraceEnabled() {
      return lazy.on(Level.TRACE);
    }

    @Override
    public void error(Object message) {
      error(message, null);
    }

    @Override
    public void error(Object message, Throwable t) {
      log(Level.ERROR, message, t);
    }

    @Override
    public void warn(Object message) {
      warn(message, null);
    }

    @Override
    public void warn(Object message, Throwable t) {
      log(Level.WARN, message, t);
    }

    @Override
    public void info(Object message) {
      info(message, null);
    }

    @Override
    public void info(Object message, Throwable t) {
      log(Level.INFO, message, t);
    }

    @Override
    public void debug(Object message) {
      debug(message, null);
    }

    @Override
    public void debug(Object message, Throwable t) {
      log(Level.DEBUG, message, t);
    }

    @Override
    public void trace(Object message) {
      trace(message, null);
    }

    @Override
    public void trace(Object message, Throwable t) {
      log(Level.TRACE, message, t);
    }

    private void log(Level level, Object message, Throwable t) {
      if (lazy.on(level)) {
        lazy.log().log(level, message, t);
      }
    }
  }

  /** Netty's formats use {} like log4j's, so each call is passed on as it came. */
  private static final class NettyLogger extends AbstractInternalLogger {
    private static final long serialVersionUID = 1L;
    private final transient Lazy lazy;

    NettyLogger(String name) {
      super(name);
      lazy = new Lazy(name);
    }

    private boolean on(Level level) {
      return lazy.on(level);
    }

    @Override
    public boolean isTraceEnabled() {
      return on(Level.TRACE);
    }

    @Override
    public void trace(String msg) {
      if (on(Level.TRACE)) {
        lazy.log().trace(msg);
      }
    }

    @Override
    public void trace(String format, Object arg) {
      if (on(Level.TRACE)) {
        lazy.log().trace(format, arg);
      }
    }

    @Override
    public void trace(String format, Object a, Object b) {
      if (on(Level.TRACE)) {
        lazy.log().trace(format, a, b);
      }
    }

    @Override
    public void trace(String format, Object... arguments) {
      if (on(Level.TRACE)) {
        lazy.log().trace(format, arguments);
      }
    }

    @Override
    public void trace(String msg, Throwable t) {
      if (on(Level.TRACE)) {
        lazy.log().trace(msg, t);
      }
    }

    @Override
    public boolean isDebugEnabled() {
      return on(Level.DEBUG);
    }

    @Override
    public void debug(String msg) {
      if (on(Level.DEBUG)) {
        lazy.log().debug(msg);
      }
    }

    @Override
    public void debug(String format, Object arg) {
      if (on(Level.DEBUG)) {
        lazy.log().debug(format, arg);
      }
    }

    @Override
    public void debug(String format, Object a, Object b) {
      if (on(Level.DEBUG)) {
        lazy.log().debug(format, a, b);
      }
    }

    @Override
    public void debug(String format, Object... arguments) {
      if (on(Level.DEBUG)) {
        lazy.log().debug(format, arguments);
      }
    }

    @Override
    public void debug(String msg, Throwable t) {
      if (on(Level.DEBUG)) {
        lazy.log().debug(msg, t);
      }
    }

    @Override
    public boolean isInfoEnabled() {
      return on(Level.INFO);
    }

    @Override
    public void info(String msg) {
      if (on(Level.INFO)) {
        lazy.log().info(msg);
      }
    }

    @Override
    public void info(String format, Object arg) {
      if (on(Level.INFO)) {
        lazy.log().info(format, arg);
      }
    }

    @Override
    public void info(String format, Object a, Object b) {
      if (on(Level.INFO)) {
        lazy.log().info(format, a, b);
      }
    }

    @Override
    public void info(String format, Object... arguments) {
      if (on(Level.INFO)) {
        lazy.log().info(format, arguments);
      }
    }

    @Override
    public void info(String msg, Throwable t) {
      if (on(Level.INFO)) {
        lazy.log().info(msg, t);
      }
    }

    @Override
    public boolean isWarnEnabled() {
      return on(Level.WARN);
    }

    @Override
    public void warn(String msg) {
      if (on(Level.WARN)) {
        lazy.log().warn(msg);
      }
    }

    @Override
    public void warn(String format, Object arg) {
      if (on(Level.WARN)) {
        lazy.log().warn(format, arg);
      }
    }

    @Override
    public void warn(String format, Object a, Object b) {
      if (on(Level.WARN)) {
        lazy.log().warn(format, a, b);
      }
    }

    @Override
    public void warn(String format, Object... arguments) {
      if (on(Level.WARN)) {
        lazy.log().warn(format, arguments);
      }
    }

    @Override
    public void warn(String msg, Throwable t) {
      if (on(Level.WARN)) {
        lazy.log().warn(msg, t);
      }
    }

    @Override
    public boolean isErrorEnabled() {
      return on(Level.ERROR);
    }

    @Override
    public void error(String msg) {
      if (on(Level.ERROR)) {
        lazy.log().error(msg);
      }
    }

    @Override
    public void error(String format, Object arg) {
      if (on(Level.ERROR)) {
        lazy.log().error(format, arg);
      }
    }

    @Override
    public void error(String format, Object a, Object b) {
      if (on(Level.ERROR)) {
        lazy.log().error(format, a, b);
      }
    }

    @Override
    public void error(String format, Object... arguments) {
      if (on(Level.ERROR)) {
        lazy.log().error(format, arguments);
      }
    }

    @Override
    public void error(String msg, Throwable t) {
      if (on(Level.ERROR)) {
        lazy.log().error(msg, t);
      }
    }
  }
}
