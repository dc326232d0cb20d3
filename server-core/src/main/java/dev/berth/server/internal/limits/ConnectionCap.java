package dev.berth.server.internal.limits;

import dev.berth.server.internal.bind.BindFailureClassifier;
import dev.berth.server.internal.engine.Log;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps accepted connections under a cap, across every listening socket of one server, so
 * that accept never runs out of descriptors. It sits first in each listening channel's
 * pipeline (before Netty's acceptor), counts each accepted channel until it closes, and at
 * the cap turns off auto-read on every listening channel: Netty then stops calling accept,
 * and new connections wait in the kernel's backlog instead of being accepted and dropped.
 * When one closes, accepting resumes.
 *
 * <p>It also takes the listening channel's exceptions (an accept that failed, EMFILE or
 * ENFILE when something else used the descriptors up) before they reach the tail of the
 * pipeline, where Netty would log a warning with a stack trace; instead it tells
 * {@link OverloadLog} and pauses that socket's accepting for {@link #ERROR_PAUSE_MILLIS}, as
 * Netty's own acceptor would have done.
 */
@ChannelHandler.Sharable
public final class ConnectionCap extends ChannelInboundHandlerAdapter {

  public static final String NAME = "berth-connection-cap";
  public static final long ERROR_PAUSE_MILLIS = 1000;

  private static final class Logs {
    static final System.Logger LOG = Log.of(ConnectionCap.class);
  }

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final List<Channel> listening = new CopyOnWriteArrayList<>();
  private final Set<Channel> pausedForError = ConcurrentHashMap.newKeySet();
  private volatile OverloadLog log;
  private volatile HeaderDeadline deadline;
  private volatile long http2BodyLimit = Long.MAX_VALUE;
  private boolean atCap;
  /** Set when the server stops: a freed slot or the end of an error pause never resumes accepting then. */
  private boolean stopping;
  private boolean roomPending;

  public ConnectionCap(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the connection cap must be at least 1, got " + max);
    }
    this.max = max;
    Logs.LOG.isLoggable(System.Logger.Level.DEBUG); // loaded now, not in a failed accept when no descriptor is left
  }

  public void log(OverloadLog log) {
    this.log = log;
  }

  /** The body limit of HTTP/2 streams, for the {@link Http2FrameGuard} each accepted connection gets. */
  void http2BodyLimit(long bytes) {
    this.http2BodyLimit = bytes;
  }

  /** Each accepted connection's header clock starts here, at accept; null for none. */
  public void deadline(HeaderDeadline deadline) {
    this.deadline = deadline;
  }

  public int max() {
    return max;
  }

  /** Connections accepted and not yet closed. */
  public int open() {
    return open.get();
  }

  /** Guards one more listening channel; a channel shared by several instances is guarded once. */
  public synchronized void attach(Channel server) {
    if (server.pipeline().get(NAME) == null) {
      server.pipeline().addFirst(NAME, this);
      listening.add(server);
      server.closeFuture().addListener(f -> detach(server));
      if (atCap) {
        server.config().setAutoRead(false);
      }
    }
  }

  private synchronized void detach(Channel server) {
    listening.remove(server);
    pausedForError.remove(server);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel child) {
      // Counted before Netty's acceptor registers it, so the count can never lag the accepts.
      int now = open.incrementAndGet();
      child.closeFuture().addListener(f -> released());
      Http2FrameGuard.placer(child, http2BodyLimit);
      HeaderDeadline d = deadline;
      if (d != null) {
        d.accepted(child, ctx.executor());
      }
      if (now >= max) {
        reached();
        makeRoom(ctx.executor());
      }
    }
    ctx.fireChannelRead(msg);
  }

  private void reached() {
    boolean first;
    synchronized (this) {
      first = !atCap;
      atCap = true;
      for (Channel server : listening) {
        server.config().setAutoRead(false);
      }
    }
    OverloadLog l = log;
    if (first && l != null) {
      l.capReached();
    }
  }

  /**
   * At the cap, lets the header clock close the connection that has waited longest for its
   * headers (once it has waited long enough; if none has yet, asks again when it will have):
   * clients queued in the backlog behind a flood of slow connections then get in.
   */
  private void makeRoom(EventExecutor executor) {
    HeaderDeadline d = deadline;
    synchronized (this) {
      if (d == null || !atCap || roomPending) {
        return;
      }
    }
    long wait = d.shedOldest();
    if (wait > 0) {
      synchronized (this) {
        roomPending = true;
      }
      executor.schedule(() -> {
        synchronized (this) {
          roomPending = false;
        }
        makeRoom(executor);
      }, wait, TimeUnit.NANOSECONDS);
    }
  }

  private void released() {
    if (open.decrementAndGet() < max) {
      synchronized (this) {
        if (atCap && open.get() < max) {
          atCap = false;
          if (stopping) {
            return;
          }
          for (Channel server : listening) {
            if (!pausedForError.contains(server)) {
              server.config().setAutoRead(true);
            }
          }
        }
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Not passed on: at the tail Netty would log it with a stack trace. --verbose shows it.
    try {
      Logs.LOG.log(System.Logger.Level.DEBUG, ctx.channel().localAddress() + ": accept failed", cause);
      String what = BindFailureClassifier.errnoOf(cause)
          .map(e -> e.name() + " (" + e.number() + ") " + e.message())
          .orElseGet(() -> String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause));
      OverloadLog l = log;
      if (l != null) {
        l.acceptFailed(what);
      }
    } catch (RuntimeException | LinkageError e) {
      // Out of descriptors, telling may fail too; pausing below matters more than the line.
    }
    Channel server = ctx.channel();
    if (pausedForError.add(server)) {
      server.config().setAutoRead(false);
      ctx.executor().schedule(() -> resumeAfterError(server), ERROR_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void resumeAfterError(Channel server) {
    pausedForError.remove(server);
    if (!atCap && !stopping && server.isOpen()) {
      server.config().setAutoRead(true);
    }
  }

  /**
   * The server is stopping: from now on nothing here turns accepting back on. Without it, a slot
   * freed during the drain would resume accepting on an inherited socket that the stop had just
   * paused so that the kernel queues connections for the next process.
   */
  public synchronized void stopping() {
    stopping = true;
  }
}
