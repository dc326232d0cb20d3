package dev.berth.cli;

import dev.berth.server.BerthApplication;
import dev.berth.server.ServeListener;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --access-log [FILE]}: off by default; stderr when given alone; a file (reopened on SIGUSR1) when named. */
final class AccessLogOptions {

  private static final String STDERR = "-";

  @Option(names = "--access-log", paramLabel = "FILE", arity = "0..1", fallbackValue = STDERR,
      description = "One line per request: the combined log format, or JSON with --log-format json. Alone: to stderr;"
          + " with FILE: appended there, and reopened on SIGUSR1 (for logrotate). Default: off.")
  String target;

  private AccessLogWriter writer;

  /** Opens the file before anything binds: its directory missing 78, not writable 77. */
  void check() {
    if (target != null && writer == null) {
      writer = STDERR.equals(target) ? AccessLogWriter.toStderr() : AccessLogWriter.toFile(Path.of(target));
    }
  }

  /** The lifecycle's listener for the log: a file is reopened on SIGUSR1 once berth is ready. */
  ServeListener listener() {
    return writer == null ? new ServeListener() {} : writer.reopenOnSignal();
  }

  /** The application, logging each request when --access-log was given. */
  BerthApplication around(BerthApplication application, LogFormat format) {
    if (target == null) {
      return application;
    }
    check();
    return new AccessLog(application, writer, format == LogFormat.JSON ? AccessLogFormat::json : AccessLogFormat::combined);
  }
}
