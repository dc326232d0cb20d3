package dev.berth.server.internal.limits;

import dev.berth.server.internal.OptionWords;
import dev.berth.server.BerthServer;
import dev.berth.server.internal.bind.BindFailureClassifier;
import dev.berth.server.internal.bind.Errno;
import dev.berth.server.internal.vertx.VertxInternals;
import dev.berth.server.OverloadNotice;
import dev.berth.server.internal.engine.Log;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What keeps one server standing under a connection flood, joined to the server by three
 * calls: {@link #start} when the Vert.x instance exists, {@link #prepare} for each HTTP
 * server before it listens, {@link #listening} composed onto its listen; {@link #stop} at the end.
 * It caps connections below the descriptor limit ({@link ConnectionCap}), closes clients
 * too slow to send their headers ({@link HeaderDeadline}), and tells both, and accept
 * failures, in rate-limited lines ({@link OverloadLog}), and puts an {@link Http2FrameGuard} on
 * every connection.
 */
public final class FloodGuard {

  private static final System.Logger LOG = Log.of(FloodGuard.class);

  private final int requestedMax;
  private final Duration headerTimeout;
  private final long maxBody;
  private volatile Consumer<OverloadNotice> listener = notice -> { };
  private volatile Consumer<OverloadNotice> observer = notice -> { };
  private ConnectionCap cap;
  private HeaderDeadline deadline;
  private OverloadLog log;
  private Vertx vertx;
  private long timer = -1;
  private boolean warnedUnreachable;

  /**
   * {@code maxConnections} 0 means the default (from the descriptor limit); a zero timeout turns the deadline off;
   * {@code maxBody} is the HTTP/2 streams' body limit for {@link Http2FrameGuard}.
   */
  public FloodGuard(int maxConnections, Duration headerTimeout, long maxBody) {
    this.requestedMax = maxConnections;
    this.headerTimeout = headerTimeout;
    this.maxBody = maxBody;
  }

  /** Who is told each overload line (see {@link BerthServer#onOverload}). */
  public void listener(Consumer<OverloadNotice> listener) {
    this.listener = listener;
  }

  /** Told each overload line before the listener, and not replaced by it: the server's metrics. */
  public void observer(Consumer<OverloadNotice> observer) {
    this.observer = observer;
  }

  public synchronized void start(Vertx vertx) {
    this.vertx = vertx;
    int max = requestedMax > 0 ? requestedMax : DescriptorLimit.defaultCap();
    cap = new ConnectionCap(max);
    cap.http2BodyLimit(maxBody);
    log = new OverloadLog(notice -> {
      observer.accept(notice);
      listener.accept(notice);
    }, cap::open, max, headerTimeout);
    cap.log(log);
    deadline = headerTimeout.isZero() ? null : new HeaderDeadline(headerTimeout, log);
    cap.deadline(deadline);
    // Loaded now, not in the first failed accept, when no descriptor may be left to load them.
    BindFailureClassifier.errnoOf(new java.io.IOException(Errno.EMFILE.message()));
    HeaderDeadline.preload();
    Http2FrameGuard.preload();
    timer = vertx.setPeriodic(OverloadLog.INTERVAL.toMillis(), id -> log.tick());
    OptionalLong limit = DescriptorLimit.max();
    if (requestedMax > 0 && limit.isPresent() && requestedMax > limit.getAsLong() - DescriptorLimit.open().orElse(0)) {
      LOG.log(System.Logger.Level.WARNING, OptionWords.current().maxConnections() + " " + requestedMax + " is more than the descriptors left ("
          + DescriptorLimit.describe() + "): accept may fail with EMFILE before the cap is reached;"
          + " raise LimitNOFILE= or lower " + OptionWords.current().maxConnections());
    }
    LOG.log(System.Logger.Level.DEBUG, "at most " + max + " connections at once (" + DescriptorLimit.describe()
        + "); header timeout " + (headerTimeout.isZero() ? "off" : OverloadLog.text(headerTimeout)));
  }

  /** The cap in force (after {@link #start}). */
  public synchronized int maxConnections() {
    return cap == null ? 0 : cap.max();
  }

  /** Sets the server's request handler, behind the header clock when there is one. */
  public HttpServer prepare(HttpServer server, Handler<HttpServerRequest> handler) {
    HeaderDeadline d = deadline;
    return server.requestHandler(d == null ? handler : d.stopClockBefore(handler));
  }

  /**
   * Guards the listening socket of a server that has just bound; completes (with the server)
   * once the guard is in place. It is added on the socket's own event loop and only then is
   * the bind reported: added from another thread, Netty would let accepts pass it until its
   * event loop got round to the addition, uncounted (measured: a test's first connection did).
   */
  public Future<HttpServer> listening(HttpServer server) {
    var found = VertxInternals.serverChannel(server);
    if (found.isEmpty()) {
      warnUnreachable();
      return Future.succeededFuture(server);
    }
    Channel channel = found.get();
    CompletableFuture<HttpServer> attached = new CompletableFuture<>();
    try {
      channel.eventLoop().execute(() -> {
        try {
          cap.attach(channel);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "could not guard " + channel.localAddress() + ": " + e
              + "; the connection cap is not enforced there");
        }
        attached.complete(server);
      });
    } catch (RuntimeException e) { // the event loop is shutting down
      attached.complete(server);
    }
    Context context = Vertx.currentContext();
    return context != null ? Future.fromCompletionStage(attached, context) : Future.fromCompletionStage(attached);
  }

  private void warnUnreachable() {
    synchronized (this) {
      if (warnedUnreachable) {
        return;
      }
      warnedUnreachable = true;
    }
    LOG.log(System.Logger.Level.WARNING, "cannot reach the listening socket in this Vert.x, so the connection cap is not enforced:"
        + " a flood may exhaust descriptors (EMFILE); run on the class path, or raise LimitNOFILE=");
  }

  /** A stop has begun: the cap never resumes accepting after this (see {@link ConnectionCap#stopping}). */
  public synchronized void stopping() {
    if (cap != null) {
      cap.stopping();
    }
  }

  public synchronized void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
