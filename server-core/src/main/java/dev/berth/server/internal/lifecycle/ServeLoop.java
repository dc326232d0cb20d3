package dev.berth.server.internal.lifecycle;

import dev.berth.server.ApplicationStartException;
import dev.berth.server.BerthServer;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.CertificateFacts;
import dev.berth.server.ExitCode;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.OverloadNotice;
import dev.berth.server.ServeListener;
import dev.berth.server.ServeOutput;
import dev.berth.server.StartFailure;
import dev.berth.server.TlsMaterialException;
import dev.berth.server.internal.ApiAccess;
import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.lang.System.Logger.Level;

/**
 * The one serve lifecycle, behind {@link BerthServer#serveUntilStopped} and {@code berth
 * serve}: start, announce, serve until SIGTERM or SIGINT (reloading TLS on SIGHUP), drain,
 * stop, and return the status of the exit-code contract. Every event (start finished, a
 * signal, a reload finished, an overload line, stop finished) arrives on one queue and is
 * handled on the calling thread, in order; listeners are told on that thread too. A stop
 * signal during binding is honoured once binding ends; a second one returns 128 + N at once.
 */
public final class ServeLoop {

  /** Beyond the drain, how long closing may take before the loop gives up waiting. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);
  private static final Object HUP = new Object();

  private record Started(AsyncResult<BindReport> result) {}

  private record Reloaded(AsyncResult<CertificateFacts> result) {}

  private record Stopped(AsyncResult<Void> result) {}

  private final BerthServer server;
  private final Duration drain;
  private final ServeSettings settings;
  private final ServeOutput out;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

  /**
   * @param watchOverload subscribes the loop to the server's overload notices
   */
  public ServeLoop(BerthServer server, Duration drain, ServeSettings settings, Consumer<Consumer<OverloadNotice>> watchOverload) {
    this.server = server;
    this.drain = drain;
    this.settings = settings;
    this.out = settings.output();
    watchOverload.accept(events::add);
  }

  /** Serves and returns the status; a listener's exception stops the server and is rethrown. */
  public int run() {
    StopSignals.install(events::add, line -> out.event(Events.note(Level.WARNING, line)));
    if (settings.reloadTlsOnSighup()) {
      try {
        SignalTrap.handle("HUP", (name, number) -> events.add(HUP));
      } catch (IllegalArgumentException e) {
        out.event(Events.note(Level.WARNING, "cannot handle SIGHUP (" + e.getMessage() + "); TLS reload is unavailable and SIGHUP ends the process"));
      }
    }
    server.start().onComplete(result -> events.add(new Started(result)));
    int status;
    try {
      status = loop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.event(Events.stopFailed("interrupted; stopping without draining", null));
      server.stop(Duration.ZERO);
      status = ExitCode.SOFTWARE.code();
    } catch (RuntimeException e) {
      if (server.state() == BerthServer.State.RUNNING || server.state() == BerthServer.State.STARTING) {
        server.stopAndWait(Duration.ZERO);
      }
      throw e;
    }
    int ended = status;
    each(l -> l.stopped(ended));
    return status;
  }

  private int loop() throws InterruptedException {
    StopSignals.Received stop = null;
    Object event;
    while (!((event = events.take()) instanceof Started)) {
      if (event instanceof StopSignals.Received signal) {
        if (stop != null) {
          return forced(signal);
        }
        stop = signal;
        out.event(Events.stopping(signal + " while binding: will stop as soon as binding ends"));
      } else if (event == HUP) {
        out.event(Events.note(Level.INFO, "SIGHUP before serving: ignored"));
      }
    }
    AsyncResult<BindReport> started = ((Started) event).result();
    if (started.failed()) {
      return failed(applicationFailure(started.cause()));
    }
    BindReport report = started.result();
    if (!report.succeeded()) {
      return failed(bindFailure(report));
    }
    each(l -> l.bound(report));
    if (stop == null) {
      report.certificates().forEach((endpoint, facts) -> out.event(Events.certificate(endpoint, facts)));
      report.certificates().values().forEach(facts -> facts.warnings().forEach(w -> out.event(Events.certificateWarning(facts, w))));
      report.bound().forEach(bound -> out.event(Events.listening(bound)));
      each(l -> l.ready(report));
      stop = serve();
    }
    return drain(stop);
  }

  /** Serving: overload lines and reloads until a stop signal arrives. */
  private StopSignals.Received serve() throws InterruptedException {
    while (true) {
      Object event = events.take();
      if (event instanceof StopSignals.Received signal) {
        return signal;
      } else if (event instanceof OverloadNotice notice) {
        out.event(Events.overload(notice));
        each(l -> l.overload(notice));
      } else if (event == HUP) {
        server.reloadTls().onComplete(result -> events.add(new Reloaded(result)));
      } else if (event instanceof Reloaded reloaded) {
        reloaded(reloaded.result());
      }
    }
  }

  private void reloaded(AsyncResult<CertificateFacts> result) {
    if (result.succeeded()) {
      CertificateFacts facts = result.result();
      // Listeners first (the report file), so that whoever sees the line can read the new facts.
      BindReport now = server.report().orElseThrow();
      each(l -> l.tlsReloaded(now, facts));
      out.event(Events.tlsReloaded(facts));
      facts.warnings().forEach(w -> out.event(Events.certificateWarning(facts, w)));
    } else if (result.cause() instanceof TlsMaterialException tls) {
      each(l -> l.tlsKept(tls));
      out.event(Events.tlsRefused(tls));
    } else {
      out.event(Events.note(Level.INFO, "SIGHUP: nothing to reload (" + result.cause().getMessage() + ")"));
    }
  }

  private int drain(StopSignals.Received stop) throws InterruptedException {
    out.event(Events.stopping(stop + ": stopping; draining in-flight requests for up to " + Lines.duration(drain)));
    each(l -> l.stopping(stop.toString()));
    server.stop(drain).onComplete(result -> events.add(new Stopped(result)));
    long deadline = System.nanoTime() + drain.plus(CLOSE_GRACE).toNanos();
    while (true) {
      Object event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event instanceof StopSignals.Received second) {
        return forced(second);
      }
      if (event instanceof Stopped stopped) {
        if (stopped.result().failed()) { // 0 is only for a clean stop
          out.event(Events.stopFailed("stopping failed: " + Lines.chain(stopped.result().cause()), stopped.result().cause()));
          return ExitCode.SOFTWARE.code();
        }
        out.event(Events.stopped());
        return ExitCode.OK.code();
      }
      if (event == null) {
        out.event(Events.stopFailed("did not stop within " + Lines.duration(drain) + " + " + Lines.duration(CLOSE_GRACE) + "; exiting anyway", null));
        return ExitCode.SOFTWARE.code();
      }
    }
  }

  private int failed(StartFailure failure) {
    each(l -> l.startFailed(failure));
    if (failure.cause().isPresent()) {
      out.event(Events.startFailed(failure));
    } else {
      for (BindOutcome.Failed failed : failure.report().orElseThrow().failures()) {
        out.event(Events.bindFailed(failed, failure.exitCode()));
      }
    }
    return failure.exitCode().code();
  }

  private static StartFailure bindFailure(BindReport report) {
    ExitCode code = ExitCode.of(report);
    BindOutcome.Failed decisive = report.failures().stream().filter(f -> ExitCode.of(f) == code).findFirst().orElseThrow();
    return ApiAccess.get().startFailure(code, decisive.oneLine(), report, report.toJson(), null);
  }

  private static StartFailure applicationFailure(Throwable cause) {
    boolean known = cause instanceof ApplicationStartException || cause instanceof InvalidEndpointException;
    String line = Lines.oneLine(known ? cause.getMessage() : "internal error while starting: " + Lines.chain(cause));
    BindReport report = null;
    JsonObject json = null;
    if (cause instanceof ApplicationStartException app && app.report().isPresent()) {
      report = app.report().get();
      // "ok" keeps its schema meaning (every endpoint bound); the added field says the rest.
      json = report.toJson().put("application", new JsonObject().put("started", false)
          .put("error", app.getCause() == null ? line : Lines.chain(app.getCause())));
    }
    return ApiAccess.get().startFailure(ExitCode.of(cause), line, report, json, cause);
  }

  private int forced(StopSignals.Received signal) {
    out.event(Events.forced("second " + signal + ": exiting now without draining (exit " + signal.killedStatus() + ")", signal.killedStatus()));
    return signal.killedStatus();
  }

  private void each(Consumer<ServeListener> call) {
    settings.listeners().forEach(call);
  }
}
