package dev.berth.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * <p>Known limit: an application that replaces {@code response().endHandler} stops the
 * clock from restarting for that connection's next request (the idle timeout still holds).
 */
final class HeaderDeadline {

  static final String NAME = "berth-header-deadline";

  private static final byte[] TIMEOUT_RESPONSE =
      "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final long timeoutNanos;
  private final OverloadLog log;

  HeaderDeadline(Duration timeout, OverloadLog log) {
    this.timeoutNanos = timeout.toNanos();
    this.log = log;
  }

  /**
   * Starts the clock of a connection just accepted (called by {@link ConnectionCap} on the
   * acceptor's thread, before the channel is registered: Vert.x tells its own connection
   * handler only once the first bytes arrive, too late to time a client that sends none).
   */
  void accepted(Channel channel, EventExecutor clock) {
    Watch watch = new Watch(channel, clock);
    channel.pipeline().addFirst(NAME, watch);
    channel.closeFuture().addListener(f -> watch.stop());
    watch.start();
  }

  /** Loads the per-connection class before a flood can leave no descriptor to load it with. */
  static void preload() {
    Watch.class.getName();
  }

  /** Wraps the request handler: headers complete, stop the clock; restart it when the response ends. */
  Handler<HttpServerRequest> stopClockBefore(Handler<HttpServerRequest> next) {
    return request -> {
      Watch watch = watchOf(request.connection());
      if (watch != null) {
        watch.requestArrived();
        if (request.version() != HttpVersion.HTTP_2) {
          request.response().endHandler(v -> watch.start());
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
  private final class Watch extends ChannelInboundHandlerAdapter {
    private final Channel channel;
    private final EventExecutor clock;
    private ScheduledFuture<?> timer;
    private boolean sawBytes;
    private boolean servedAny;

    Watch(Channel channel, EventExecutor clock) {
      this.channel = channel;
      this.clock = clock;
    }

    synchronized void start() {
      stop();
      sawBytes = false;
      if (channel.isOpen()) {
        timer = clock.schedule(this::expired, timeoutNanos, TimeUnit.NANOSECONDS);
      }
    }

    synchronized void stop() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }

    synchronized void requestArrived() {
      servedAny = true;
      stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      synchronized (this) {
        sawBytes = true;
      }
      ctx.fireChannelRead(msg);
    }

    private void expired() {
      boolean shed;
      synchronized (this) {
        if (timer == null || !channel.isOpen()) {
          return;
        }
        timer = null;
        shed = !servedAny || sawBytes;
      }
      if (!shed) {
        channel.close(); // an idle keep-alive connection: nothing to report
        return;
      }
      log.shed();
      if (!sawBytes || channel.pipeline().get(SslHandler.class) != null) {
        channel.close();
        return;
      }
      // Written from the head of the pipeline, past the HTTP encoder, which has no response to encode.
      channel.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_RESPONSE))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
