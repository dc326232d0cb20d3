package dev.berth.cli;

import dev.berth.server.ExitCode;
import dev.berth.server.internal.lifecycle.StopSignals;
import dev.berth.server.ApplicationStartException;
import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.Endpoint;
import dev.berth.server.InvalidEndpointException;
import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth serve}: bind every endpoint or none, announce exactly where it listens (log
 * line, report file, sd_notify), serve until SIGTERM or SIGINT, drain, exit 0. Every event
 * that moves it along (start finished, a signal, stop finished) arrives on one queue and is
 * handled on the main thread, so the order of decisions is the order of events.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = BerthVersion.class,
    description = "Bind every endpoint (or none), serve HTTP until SIGTERM/SIGINT, then drain and exit 0.")
final class ServeCommand implements Callable<Integer> {

  /** Beyond the drain, how long closing Vert.x may take before berth gives up waiting. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

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

  @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
      description = "Event loops serving each endpoint (sharing its socket). Default: ${DEFAULT-VALUE}.")
  int instances;

  @Option(names = "--bind-retries", paramLabel = "N", defaultValue = "0",
      description = "Further attempts after the first, only while the address is in use. Default: ${DEFAULT-VALUE}.")
  int bindRetries;

  @Option(names = "--bind-retry-delay", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
      description = "Pause between bind attempts: 300ms, 2s, 1m or ISO-8601 (PT0.3S). Default: ${DEFAULT-VALUE}.")
  Duration bindRetryDelay;

  @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
      description = "On SIGTERM/SIGINT, how long in-flight requests may finish. Default: ${DEFAULT-VALUE}.")
  Duration shutdownTimeout;

  /** What the control loop waits for. */
  private record Started(AsyncResult<BindReport> result) {}

  private record Stopped(AsyncResult<Void> result) {}

  /** An overload line from server-core (cap reached, accept failing, slow clients shed), for STATUS=. */
  private record Overload(String line) {}

  @Override
  public Integer call() throws InterruptedException {
    parent.verbose(bind.verbose);
    List<Endpoint> endpoints = bind.prepare();
    metrics.check(endpoints);
    parent.requireAtLeast(instances, 1, "--instances");
    parent.requireAtLeast(bindRetries, 0, "--bind-retries");
    limits.check();
    BerthApplication application = appClass == null ? new BuiltinApplication() : ApplicationLoader.load(appClass);
    application = accessLog.around(staticFiles.around(application, appClass != null), bind.logFormat);

    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    // Loaded now: the first overload line may come when no descriptor is left to load a class.
    Overload.class.getName();
    OverloadRelay.class.getName();
    StopSignals.install(events::add, Say::warn);
    try (SystemdNotifier systemd = SystemdNotifier.fromEnvironment()) {
      TlsReloadSignal reloads = TlsReloadSignal.install(systemd);
      BerthServer server = metrics.applyTo(tls.applyTo(limits.applyTo(bind.serverBuilder(endpoints)), endpoints))
          .application(application)
          .instances(instances)
          .bindRetries(bindRetries)
          .bindRetryDelay(bindRetryDelay)
          .build()
          .onOverload(notice -> {
            OverloadRelay.say(notice);
            events.add(new Overload(notice.line()));
          });
      server.start().onComplete(result -> events.add(new Started(result)));

      StopSignals.Received stop = null;
      Object event;
      while (!((event = events.take()) instanceof Started)) {
        if (!(event instanceof StopSignals.Received signal)) {
          continue;
        }
        if (stop != null) {
          return forcedExit(signal);
        }
        stop = signal;
        Say.line(Level.INFO, signal + " while binding: will stop as soon as binding ends", EcsFields.action("stopping"), null);
      }
      AsyncResult<BindReport> started = ((Started) event).result();
      if (started.failed()) {
        return applicationFailed(started.cause(), systemd);
      }
      BindReport report = started.result();
      writeReport(metrics.annotate(report.toJson(), report), report.succeeded() ? server : null);
      if (!report.succeeded()) {
        return bindFailed(report, systemd);
      }
      if (stop == null) {
        reloads.serving(server, bind.reportFile()); // before "ready": a SIGHUP after it must reload
        announceReady(report, systemd);
        metrics.announce(report);
        stop = awaitStop(events, systemd);
      }
      Say.line(Level.INFO, stop + ": stopping; draining in-flight requests for up to " + DurationText.format(shutdownTimeout),
          EcsFields.action("stopping"), null);
      systemd.send("STOPPING=1", "STATUS=stopping on " + stop);
      server.stop(shutdownTimeout).onComplete(result -> events.add(new Stopped(result)));
      long waitMillis = shutdownTimeout.plus(CLOSE_GRACE).toMillis();
      while (true) {
        event = events.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (event instanceof StopSignals.Received second) {
          return forcedExit(second);
        }
        if (event instanceof Stopped stopped) {
          if (stopped.result().failed()) {
            // 0 is only for a clean stop.
            throw new CommandFailure(ExitCode.SOFTWARE, "stopping failed: " + stopped.result().cause(), stopped.result().cause());
          }
          Say.line(Level.INFO, "stopped", EcsFields.exit("stopped", ExitCode.OK.code()), null);
          return ExitCode.OK.code();
        }
        if (event == null) {
          throw new CommandFailure(ExitCode.SOFTWARE, "did not stop within " + DurationText.format(shutdownTimeout)
              + " + " + DurationText.format(CLOSE_GRACE) + "; exiting anyway", null);
        }
      }
    }
  }

  /** Serving: passes overload lines on to systemd until a stop signal arrives. */
  private static StopSignals.Received awaitStop(BlockingQueue<Object> events, SystemdNotifier systemd) throws InterruptedException {
    while (true) {
      Object event = events.take();
      if (event instanceof StopSignals.Received signal) {
        return signal;
      }
      if (event instanceof Overload overload) {
        systemd.send("STATUS=" + OutcomeLines.oneLine(overload.line()));
      }
    }
  }

  private void writeReport(JsonObject json, BerthServer serving) {
    bind.reportFile().ifPresent(file -> {
      try {
        file.write(json);
      } catch (CommandFailure e) {
        if (serving != null) {
          serving.stopAndWait(Duration.ZERO);
        }
        throw e;
      }
    });
  }

  private void announceReady(BindReport report, SystemdNotifier systemd) {
    TlsOptions.announce(report);
    for (BindOutcome.Bound bound : report.bound()) {
      Say.line(Level.INFO, OutcomeLines.of(bound), EcsFields.listening(bound), null);
    }
    String where = report.bound().stream().map(BindOutcome.Bound::url).collect(Collectors.joining(", "));
    systemd.send("READY=1", "STATUS=listening on " + where, "MAINPID=" + ProcessHandle.current().pid());
  }

  private int bindFailed(BindReport report, SystemdNotifier systemd) {
    ExitCode code = ExitCode.of(report);
    for (BindOutcome.Failed failed : report.failures()) {
      Say.line(Level.ERROR, OutcomeLines.of(failed), EcsFields.bindFailed(failed, code), bind.verbose ? failed.failure().cause() : null);
    }
    BindOutcome.Failed decisive = report.failures().stream()
        .filter(f -> ExitCode.of(f) == code).findFirst().orElseThrow();
    String status = "STATUS=" + OutcomeLines.of(decisive);
    if (decisive.failure().errno() != null) {
      systemd.send(status, "ERRNO=" + decisive.failure().errnoNumber());
    } else {
      systemd.send(status);
    }
    return code.code();
  }

  private int applicationFailed(Throwable cause, SystemdNotifier systemd) {
    if (cause instanceof ApplicationStartException appFailure && appFailure.report().isPresent()) {
      // "ok" keeps its schema meaning (every endpoint bound); the added field says the rest.
      JsonObject json = appFailure.report().get().toJson()
          .put("application", new JsonObject().put("started", false).put("error", String.valueOf(appFailure.getCause())));
      writeReport(json, null);
    }
    // Endpoints whose names resolve to overlapping addresses are a usage error (64), found
    // before anything listened; the contract in server-core maps every start failure.
    boolean known = cause instanceof ApplicationStartException || cause instanceof InvalidEndpointException;
    String line = known ? cause.getMessage() : "internal error while starting: " + cause;
    systemd.send("STATUS=" + OutcomeLines.oneLine(line));
    throw new CommandFailure(ExitCode.of(cause), line, cause);
  }

  private static int forcedExit(StopSignals.Received signal) {
    Say.line(Level.WARN, "second " + signal + ": exiting now without draining (exit " + signal.killedStatus() + ")",
        EcsFields.exit("forced-exit", signal.killedStatus()), null);
    return signal.killedStatus();
  }
}
