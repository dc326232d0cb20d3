package dev.berth.cli;

import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.ExitCode;
import dev.berth.server.ServeListener;
import dev.berth.server.ServeOutput;
import dev.berth.server.StartFailure;
import dev.berth.server.TlsMaterialException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;

/**
 * The serve lifecycle's lines said as berth's own (text or JSON, log4j or stderr), stack
 * traces only with --verbose. As a listener it keeps the report the lines are about, so that
 * {@code --log-format json} gives each line its ECS fields (where it listens, why a bind
 * failed, the exit code), as the CLI's own loop did.
 */
final class SayOutput implements ServeOutput, ServeListener {

  private static final Pattern FORCED = Pattern.compile("^second SIG\\w+: exiting now without draining \\(exit (\\d+)\\)$");

  private final boolean verbose;
  private volatile BindReport report;
  private volatile TlsMaterialException refused;

  SayOutput(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public void bound(BindReport r) {
    report = r;
  }

  @Override
  public void startFailed(StartFailure failure) {
    report = failure.report().orElse(null);
  }

  @Override
  public void tlsKept(TlsMaterialException why) {
    refused = why;
  }

  @Override
  public void info(String line) {
    Say.line(Level.INFO, line, fields(line), null);
  }

  @Override
  public void warn(String line) {
    Say.line(Level.WARN, line, fields(line), null);
  }

  @Override
  public void error(String line, Throwable cause) {
    Say.line(Level.ERROR, line, fields(line), verbose ? cause : null);
  }

  private Map<String, String> fields(String line) {
    BindReport r = report;
    if (r != null) {
      for (BindOutcome.Bound bound : r.bound()) {
        if (line.startsWith("listening on " + bound.url())) {
          return EcsFields.listening(bound);
        }
      }
      for (BindOutcome.Failed failed : r.failures()) {
        if (line.equals(failed.oneLine())) {
          return EcsFields.bindFailed(failed, ExitCode.of(r));
        }
      }
    }
    if (line.equals("stopped")) {
      return EcsFields.exit("stopped", ExitCode.OK.code());
    }
    if (line.contains(": stopping; draining") || line.contains(" while binding: will stop")) {
      return EcsFields.action("stopping");
    }
    Matcher forced = FORCED.matcher(line);
    if (forced.matches()) {
      return EcsFields.exit("forced-exit", Integer.parseInt(forced.group(1)));
    }
    if (line.startsWith("SIGHUP: TLS certificate reloaded")) {
      return EcsFields.tlsReload(null);
    }
    TlsMaterialException why = refused;
    if (line.startsWith("SIGHUP: TLS reload refused") && why != null) {
      return EcsFields.tlsReload(why.reason());
    }
    return Map.of();
  }
}
