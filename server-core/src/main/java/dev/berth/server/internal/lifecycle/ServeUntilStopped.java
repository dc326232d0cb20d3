package dev.berth.server.internal.lifecycle;

import dev.berth.server.ApplicationStartException;
import dev.berth.server.BerthServer;
import dev.berth.server.BindReport;
import dev.berth.server.ExitCode;
import dev.berth.server.InvalidEndpointException;
import io.vertx.core.AsyncResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The control loop behind {@link BerthServer#serveUntilStopped}: every event (start
 * finished, a signal, stop finished) arrives on one queue and is handled on the calling
 * thread, in order, and the loop ends with the status of the exit-code contract. A signal
 * during binding is remembered and honoured once binding ends, as the berth CLI does.
 */
public final class ServeUntilStopped {

  /** Beyond the drain, how long closing may take before the loop gives up waiting. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

  private record Started(AsyncResult<BindReport> result) {}

  private record Stopped(AsyncResult<Void> result) {}

  private final BerthServer server;
  private final Duration drainTimeout;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final PrintStream err = System.err;

  public ServeUntilStopped(BerthServer server, Duration drainTimeout) {
    this.server = server;
    this.drainTimeout = drainTimeout;
  }

  public int run() {
    StopSignals.install(events::add, this::say);
    server.start().onComplete(result -> events.add(new Started(result)));
    try {
      return loop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      say("interrupted; stopping without draining");
      server.stop(Duration.ZERO);
      return ExitCode.SOFTWARE.code();
    }
  }

  private int loop() throws InterruptedException {
    StopSignals.Received stop = null;
    Object event;
    while (!((event = events.take()) instanceof Started)) {
      if (stop != null) {
        return forced((StopSignals.Received) event);
      }
      stop = (StopSignals.Received) event;
    }
    AsyncResult<BindReport> started = ((Started) event).result();
    if (started.failed()) {
      say(started.cause() instanceof InvalidEndpointException || started.cause() instanceof ApplicationStartException
          ? started.cause().getMessage() : "internal error while starting: " + started.cause());
      return ExitCode.of(started.cause()).code();
    }
    BindReport report = started.result();
    if (!report.succeeded()) {
      report.failures().forEach(failed -> say(failed.message()));
      return ExitCode.of(report).code();
    }
    report.bound().forEach(bound -> say("listening on " + bound.url()));
    if (stop == null) {
      stop = (StopSignals.Received) events.take();
    }
    say(stop + ": stopping; draining in-flight requests for up to " + drainTimeout.toMillis() + " ms");
    server.stop(drainTimeout).onComplete(result -> events.add(new Stopped(result)));
    long waitMillis = drainTimeout.plus(CLOSE_GRACE).toMillis();
    while (true) {
      event = events.poll(waitMillis, TimeUnit.MILLISECONDS);
      if (event instanceof StopSignals.Received second) {
        return forced(second);
      }
      if (event instanceof Stopped stopped) {
        if (stopped.result().failed()) {
          say("stopping failed: " + stopped.result().cause());
          return ExitCode.SOFTWARE.code();
        }
        say("stopped");
        return ExitCode.OK.code();
      }
      if (event == null) {
        say("did not stop within " + waitMillis + " ms; giving up");
        return ExitCode.SOFTWARE.code();
      }
    }
  }

  private int forced(StopSignals.Received signal) {
    say("second " + signal + ": exiting now without draining (status " + signal.killedStatus() + ")");
    return signal.killedStatus();
  }

  private void say(String line) {
    synchronized (err) {
      err.println(line.replace("\r", "").replace("\n", "; "));
      err.flush();
    }
  }
}
