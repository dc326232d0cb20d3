package dev.berth.server.internal.limits;

import dev.berth.server.internal.http1.StrictFraming;
import dev.berth.server.internal.vertx.VertxInternals;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers are not complete within the header
 * timeout, so a client that opens a connection and sends slowly (or nothing) cannot hold a
 * slot forever. Vert.x calls the request handler once the headers are parsed: the clock
 * starts when the connection is accepted and again when a response ends (keep-alive), and
 * stops in the request handler. A client that sent part of a request gets {@code 408} (plain
 * HTTP only; over TLS it is just closed); a keep-alive connection that sent nothing since
 * its last response is closed quietly, as an idle connection, and not counted as shed.
 *
 * <p>Under pressure the wait is shorter: at the connection cap, clients wait in the kernel's
 * backlog behind the slow connections that hold every slot, so each accept at the cap may
 * close the connection that has waited longest for its headers once it has waited
 * {@link #PRESSURE_WAIT}. An ordinary client is then served about a second after it is accepted, however large the
 * flood ahead of it, instead of after one full timeout per cap's worth of slow connections.
 *
 * <p>An HTTP/2 connection is held to the same clock: it stops while any stream is open and
 * starts again when the last one closes, so an idle HTTP/2 connection is closed like an idle
 * keep-alive one, and at the cap the one idle longest makes room.
 *
 * <p>On HTTP/1 the clock restarts when a response's last part is written, seen in the channel's
 * pipeline rather than through {@code response().endHandler}, which an application (or
 * vertx-web's {@code addEndHandler}) replaces.
 */
public final class HeaderDeadline {

  public static final String NAME = "berth-header-deadline";
  private static final String RESPONSE_END = "berth-response-end";

  private static final byte[] TIMEOUT_RESPONSE =
      "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Under pressure (at the cap), how long a connection may wait for its headers before it may make room. */
  public static final Duration PRESSURE_WAIT = Duration.ofSeconds(1);

  private final long timeoutNanos;
  private final long pressureNanos;
  private final OverloadLog log;
  /** Connections waiting for request headers, in the order their clocks started. */
  private final Set<Watch> waiting = new LinkedHashSet<>();

  public HeaderDeadline(Duration timeout, OverloadLog log) {
    this.timeoutNanos = timeout.toNanos();
    this.pressureNanos = Math.min(timeoutNanos, PRESSURE_WAIT.toNanos());
    this.log = log;
  }

  /**
   * Starts the clock of a connection just accepted (called by {@link ConnectionCap} on the
   * acceptor's thread, before the channel is registered: Vert.x tells its own connection
   * handler only once the first bytes arrive, too late to time a client that sends none).
   */
  public void accepted(Channel channel, EventExecutor clock) {
    Watch watch = new Watch(channel, clock);
    channel.pipeline().addFirst(NAME, watch);
    channel.closeFuture().addListener(f -> watch.stop());
    watch.start();
  }

  /** Loads the per-connection class before a flood can leave no descriptor to load it with. */
  public static void preload() {
    Watch.class.getName();
  }

  /** Wraps the request handler: headers complete, stop the clock; restart it when the response ends. */
  public Handler<HttpServerRequest> stopClockBefore(Handler<HttpServerRequest> next) {
    return request -> {
      Watch watch = watchOf(request.connection());
      if (watch != null) {
        watch.requestArrived();
        if (request.version() != HttpVersion.HTTP_2) {
          watch.followResponses();
        } else {
          watch.followStreams();
        }
      }
      next.handle(request);
    };
  }

  private static Watch watchOf(HttpConnection connection) {
    return connection == null ? null
        : VertxInternals.channelOf(connection).map(c -> (Watch) c.pipeline().get(NAME)).orElse(null);
  }

  /** The clock of one connection; also notes whether any byte arrived since it started. */
  /**
   * At the cap, makes room: closes (as shed) the connection that has waited longest for its
   * headers, if it has waited at least {@link #PRESSURE_WAIT} (or the whole timeout, if that
   * is shorter). Returns 0 when one was closed, the nanoseconds until the oldest will have
   * waited long enough, or -1 when none is waiting.
   */
  public long shedOldest() {
    Watch oldest;
    synchronized (waiting) {
      if (waiting.isEmpty()) {
        return -1;
      }
      oldest = waiting.iterator().next();
      long age = System.nanoTime() - oldest.startedNanos;
      if (age < pressureNanos) {
        return pressureNanos - age;
      }
      waiting.remove(oldest);
    }
    oldest.expired(true);
    return 0;
  }

  /** The clock of one connection; also notes whether any byte arrived since it started. */
  private final class Watch extends ChannelInboundHandlerAdapter {
    private final Channel channel;
    private final EventExecutor clock;
    private ScheduledFuture<?> timer;
    private volatile long startedNanos;
    private boolean sawBytes;
    private boolean servedAny;
    private boolean followingStreams;
    private boolean followingResponses;

    Watch(Channel channel, EventExecutor clock) {
      this.channel = channel;
      this.clock = clock;
    }

    void start() {
      synchronized (this) {
        cancelTimer();
        sawBytes = false;
        if (!channel.isOpen()) {
          return;
        }
        startedNanos = System.nanoTime();
        // The acceptor's loop only until the channel has its own: a timer set on another
        // loop wakes that loop (an eventfd write and a thread switch) at every response, which
        // cost about a third of the requests/s under keep-alive load.
        EventExecutor on = channel.isRegistered() ? channel.eventLoop() : clock;
        timer = on.schedule(() -> expired(false), timeoutNanos, TimeUnit.NANOSECONDS);
      }
      synchronized (waiting) {
        waiting.remove(this);
        waiting.add(this); // last: the order of the set is the order the clocks started
        if (!channel.isOpen()) {
          waiting.remove(this); // closed meanwhile, perhaps after its close listener ran
        }
      }
    }

    void stop() {
      synchronized (this) {
        cancelTimer();
      }
      synchronized (waiting) {
        waiting.remove(this);
      }
    }

    void requestArrived() {
      synchronized (this) {
        servedAny = true;
      }
      stop();
    }

    /** HTTP/1: from now on the clock restarts as each final response's last part is written. */
    void followResponses() {
      if (followingResponses) {
        return;
      }
      followingResponses = true;
      ChannelPipeline pipeline = channel.pipeline();
      if (pipeline.get(StrictFraming.VERTX_HANDLER) != null) {
        pipeline.addBefore(StrictFraming.VERTX_HANDLER, RESPONSE_END, new ChannelOutboundHandlerAdapter() {
          @Override
          public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            // Before the write: a pipelined request that is already read arrives next and stops it.
            if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
              start();
            }
            ctx.write(msg, promise);
          }
        });
      }
    }

    /** HTTP/2: from now on the clock runs whenever no stream is open (on the event loop). */
    void followStreams() {
      if (followingStreams) {
        return;
      }
      Http2ConnectionHandler codec = channel.pipeline().get(Http2ConnectionHandler.class);
      if (codec == null) {
        return;
      }
      followingStreams = true;
      Http2Connection connection = codec.connection();
      connection.addListener(new Http2ConnectionAdapter() {
        @Override
        public void onStreamActive(Http2Stream stream) {
          Watch.this.stop();
        }

        @Override
        public void onStreamClosed(Http2Stream stream) {
          if (connection.numActiveStreams() == 0) {
            start();
          }
        }
      });
    }

    private void cancelTimer() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      synchronized (this) {
        sawBytes = true;
      }
      ctx.fireChannelRead(msg);
    }

    /** The clock ran out, or (underPressure) the cap needs the slot and this one waited longest. */
    void expired(boolean underPressure) {
      boolean shed;
      boolean answer;
      synchronized (this) {
        if ((timer == null && !underPressure) || !channel.isOpen()) {
          return;
        }
        cancelTimer();
        shed = !servedAny || sawBytes;
        answer = sawBytes;
      }
      synchronized (waiting) {
        waiting.remove(this);
      }
      if (!shed) {
        channel.close(); // an idle keep-alive connection: nothing to report
        return;
      }
      log.shed();
      if (!answer || channel.pipeline().get(SslHandler.class) != null) {
        channel.close();
        return;
      }
      // Written from the head of the pipeline, past the HTTP encoder, which has no response to encode.
      channel.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_RESPONSE))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
