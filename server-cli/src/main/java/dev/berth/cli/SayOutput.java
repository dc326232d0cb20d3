package dev.berth.cli;

import dev.berth.server.ServeOutput;
import dev.berth.server.ServeEvent;
import java.util.Map;
import org.apache.logging.log4j.Level;

/**
 * The serve lifecycle's lines said as berth's own (text or JSON, log4j or stderr), stack
 * traces only with --verbose. Each event brings the value its line is about, so that
 * {@code --log-format json} gives the line its ECS fields (where it listens, why a bind failed,
 * the exit code, the overload counts) from the values, never from the words.
 */
final class SayOutput implements ServeOutput {

  private final boolean verbose;

  SayOutput(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public void event(ServeEvent event) {
    Level level = switch (event.level()) {
      case ERROR -> Level.ERROR;
      case WARNING -> Level.WARN;
      default -> Level.INFO;
    };
    Say.line(level, event.oneLine(), fields(event), verbose ? event.cause().orElse(null) : null);
  }

  @Override
  public void info(String line) {
    Say.line(Level.INFO, line, Map.of(), null);
  }

  @Override
  public void warn(String line) {
    Say.line(Level.WARN, line, Map.of(), null);
  }

  @Override
  public void error(String line, Throwable cause) {
    Say.line(Level.ERROR, line, Map.of(), verbose ? cause : null);
  }

  /** The ECS fields of an event, from its values. */
  static Map<String, String> fields(ServeEvent e) {
    int status = e.exitCode().orElse(-1);
    return switch (e.kind()) {
      case LISTENING -> EcsFields.listening(e.bound().orElseThrow());
      case BIND_FAILED -> EcsFields.bindFailed(e.failed().orElseThrow(), status);
      case START_FAILED, STOP_FAILED -> EcsFields.exit("failed", status);
      case STOPPING -> EcsFields.action("stopping");
      case STOPPED -> EcsFields.exit("stopped", status);
      case FORCED_EXIT -> EcsFields.exit("forced-exit", status);
      case TLS_RELOADED -> EcsFields.tlsReload(null);
      case TLS_RELOAD_REFUSED -> EcsFields.tlsReload(e.tlsProblem().orElseThrow().reason());
      case OVERLOAD -> EcsFields.overload(e.overload().orElseThrow());
      default -> Map.of();
    };
  }
}
