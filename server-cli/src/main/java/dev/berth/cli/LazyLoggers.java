package dev.berth.cli;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.vertx.core.spi.logging.LogDelegate;
import io.vertx.core.spi.logging.LogDelegateFactory;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.ParameterizedMessage;

/**
 * Netty's and Vert.x's loggers in the CLI: while berth's default text configuration holds,
 * "is this level on?" is answered from its thresholds ({@link DefaultLevels}) and a line that
 * is on goes straight to stderr as {@code berth: message} (what log4j2.properties would print,
 * as {@link Say} does for berth's own lines), so log4j never starts. Both libraries ask at every start (Netty's static
 * initialisers ask about DEBUG dozens of times), and their own log4j adapters start log4j to
 * answer: log4j's configuration, plugins and annotation proxies were about a quarter of
 * launch to first 200 (docs/performance.md). Once berth or the user configures log4j (JSON,
 * {@code --verbose}, a configuration file) every question and line goes to log4j, as before. Public only because Vert.x instantiates {@link ForVertx} by name.
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
    // Loaded now: a line may come when no descriptor is left to open a jar with (EMFILE).
    ParameterizedMessage.class.getName();
  }

  /**
   * One logger name: the question answered without log4j while the defaults hold, the line
   * through log4j otherwise. Also behind {@link Log4jSystemLoggerFinder}'s System.Logger.
   */
  static final class Lazy {
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

    /** A line at an enabled level: straight to stderr while the defaults hold (as {@link Say} does), else through log4j. */
    void line(Level level, String format, Object... arguments) {
      if (DefaultLevels.inForce()) {
        ParameterizedMessage message = new ParameterizedMessage(format, arguments);
        Say.direct(message.getFormattedMessage(), message.getThrowable());
      } else {
        log().log(level, format, arguments);
      }
    }

    /** A message and a throwable, not a format. */
    void lineWithThrowable(Level level, Object message, Throwable thrown) {
      if (DefaultLevels.inForce()) {
        Say.direct(String.valueOf(message), thrown);
      } else {
        log().log(level, message, thrown);
      }
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
        lazy.lineWithThrowable(level, message, t);
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

    @Override
    public boolean isTraceEnabled() {
      return lazy.on(Level.TRACE);
    }

    @Override
    public void trace(String msg) {
      thrown(Level.TRACE, msg, null);
    }

    @Override
    public void trace(String format, Object arg) {
      format(Level.TRACE, format, arg);
    }

    @Override
    public void trace(String format, Object a, Object b) {
      format(Level.TRACE, format, a, b);
    }

    @Override
    public void trace(String format, Object... arguments) {
      format(Level.TRACE, format, arguments);
    }

    @Override
    public void trace(String msg, Throwable t) {
      thrown(Level.TRACE, msg, t);
    }

    @Override
    public boolean isDebugEnabled() {
      return lazy.on(Level.DEBUG);
    }

    @Override
    public void debug(String msg) {
      thrown(Level.DEBUG, msg, null);
    }

    @Override
    public void debug(String format, Object arg) {
      format(Level.DEBUG, format, arg);
    }

    @Override
    public void debug(String format, Object a, Object b) {
      format(Level.DEBUG, format, a, b);
    }

    @Override
    public void debug(String format, Object... arguments) {
      format(Level.DEBUG, format, arguments);
    }

    @Override
    public void debug(String msg, Throwable t) {
      thrown(Level.DEBUG, msg, t);
    }

    @Override
    public boolean isInfoEnabled() {
      return lazy.on(Level.INFO);
    }

    @Override
    public void info(String msg) {
      thrown(Level.INFO, msg, null);
    }

    @Override
    public void info(String format, Object arg) {
      format(Level.INFO, format, arg);
    }

    @Override
    public void info(String format, Object a, Object b) {
      format(Level.INFO, format, a, b);
    }

    @Override
    public void info(String format, Object... arguments) {
      format(Level.INFO, format, arguments);
    }

    @Override
    public void info(String msg, Throwable t) {
      thrown(Level.INFO, msg, t);
    }

    @Override
    public boolean isWarnEnabled() {
      return lazy.on(Level.WARN);
    }

    @Override
    public void warn(String msg) {
      thrown(Level.WARN, msg, null);
    }

    @Override
    public void warn(String format, Object arg) {
      format(Level.WARN, format, arg);
    }

    @Override
    public void warn(String format, Object a, Object b) {
      format(Level.WARN, format, a, b);
    }

    @Override
    public void warn(String format, Object... arguments) {
      format(Level.WARN, format, arguments);
    }

    @Override
    public void warn(String msg, Throwable t) {
      thrown(Level.WARN, msg, t);
    }

    @Override
    public boolean isErrorEnabled() {
      return lazy.on(Level.ERROR);
    }

    @Override
    public void error(String msg) {
      thrown(Level.ERROR, msg, null);
    }

    @Override
    public void error(String format, Object arg) {
      format(Level.ERROR, format, arg);
    }

    @Override
    public void error(String format, Object a, Object b) {
      format(Level.ERROR, format, a, b);
    }

    @Override
    public void error(String format, Object... arguments) {
      format(Level.ERROR, format, arguments);
    }

    @Override
    public void error(String msg, Throwable t) {
      thrown(Level.ERROR, msg, t);
    }

    private void format(Level level, String format, Object... arguments) {
      if (lazy.on(level)) {
        lazy.line(level, format, arguments);
      }
    }

    private void thrown(Level level, String msg, Throwable t) {
      if (lazy.on(level)) {
        lazy.lineWithThrowable(level, msg, t);
      }
    }
  }
}
