package dev.berth.cli;

import dev.berth.server.BerthApplication;
import dev.berth.server.BindReport;
import dev.berth.server.Endpoint;
import dev.berth.server.ServeListener;
import dev.berth.server.internal.engine.ServerSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;


/**
 * {@code berth serve}: the options, then server-core's one serve lifecycle
 * ({@link dev.berth.server.BerthServer#serveUntilStopped}), the one an embedder runs too. What
 * is the CLI's own plugs in as listeners: the report file, sd_notify, the access log's reopen, and
 * the output through {@link Say}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = BerthVersion.class,
    description = "Bind every endpoint (or none), serve HTTP until SIGTERM/SIGINT, then drain and exit 0.")
final class ServeCommand implements Callable<Integer> {

  @ParentCommand
  BerthCommand parent;

  @Mixin
  BindOptions bind;

  @Mixin
  ServerLimits limits;

  @Mixin
  TlsOptions tls;

  @Mixin
  StaticFilesOptions staticFiles;

  @Mixin
  AccessLogOptions accessLog;

  @Mixin
  MetricsOptions metrics;

  @Option(names = "--app", paramLabel = "CLASS",
      description = "A public dev.berth.server.BerthApplication with a public no-argument constructor, on the"
          + " class path (BERTH_CLASSPATH). Default: a built-in app answering / and /health.")
  String appClass;

  @Option(names = "--instances", paramLabel = "N", defaultValue = "" + ServerSettings.DEFAULT_INSTANCES,
      description = "Event loops serving each endpoint (sharing its socket). Default: ${DEFAULT-VALUE}.")
  int instances;

  @Option(names = "--bind-retries", paramLabel = "N", defaultValue = "" + ServerSettings.DEFAULT_BIND_RETRIES,
      description = "Further attempts after the first, only while the address is in use. Default: ${DEFAULT-VALUE}.")
  int bindRetries;

  @Option(names = "--bind-retry-delay", paramLabel = "DURATION", defaultValue = ServerSettings.DEFAULT_BIND_RETRY_DELAY_MILLIS + "ms", converter = DurationConverter.class,
      description = "Pause between bind attempts: 300ms, 2s, 1m or ISO-8601 (PT0.3S). Default: ${DEFAULT-VALUE}.")
  Duration bindRetryDelay;

  @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
      description = "On SIGTERM/SIGINT, how long in-flight requests may finish. Default: ${DEFAULT-VALUE}.")
  Duration shutdownTimeout;

  @Override
  public Integer call() {
    parent.verbose(bind.verbose);
    List<Endpoint> endpoints = bind.prepare();
    metrics.check(endpoints);
    parent.requireAtLeast(instances, 1, "--instances");
    parent.requireAtLeast(bindRetries, 0, "--bind-retries");
    limits.check();
    BerthApplication application = appClass == null ? new BuiltinApplication() : ApplicationLoader.load(appClass);
    application = accessLog.around(staticFiles.around(application, appClass != null), bind.logFormat);
    try (SystemdNotifier systemd = SystemdNotifier.fromEnvironment()) {
      SayOutput output = new SayOutput(bind.verbose);
      return metrics.applyTo(tls.applyTo(limits.applyTo(bind.serverBuilder(endpoints)), endpoints))
          .application(application)
          .instances(instances)
          .bindRetries(bindRetries)
          .bindRetryDelay(bindRetryDelay)
          .output(output)
          .listener(new ReportFileListener(bind.reportFile(), metrics))
          .listener(new ServeListener() {
            @Override
            public void ready(BindReport report) {
              metrics.announce(report);
            }
          })
          .listener(new SystemdListener(systemd))
          .listener(accessLog.listener())
          .build()
          .serveUntilStopped(shutdownTimeout);
    }
  }
}
