package dev.berth.server.internal.limits;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an HTTP/2 connection's frame headers as they arrive (decrypted, before Netty's codec)
 * and stops what the codec lets run. Frames that cost a client nothing and the server work
 * (PING, SETTINGS, PRIORITY, RST_STREAM, a zero WINDOW_UPDATE, empty CONTINUATION or DATA)
 * draw on a budget of {@link #BURST} refilled at {@link #PER_SECOND} a second (a reset of a
 * stream opened in the same read costs {@link #ABANDONED_COST}, a zero WINDOW_UPDATE
 * {@link #ERROR_COST}: each made the application answer for nothing); an empty budget
 * ends the connection at once with GOAWAY ENHANCE_YOUR_CALM, unread input dropped (nginx
 * closes such floods within a second; Netty 4.2.9 bounds none of the empty ones and answers a
 * PING flood from a client that never reads with 10,000 queued acknowledgements). A stream
 * whose DATA passes the body limit is reset (RST_STREAM CANCEL) through the codec, which then
 * discards its further DATA and keeps flow control right.
 *
 * <p>Placed by {@link #placer} at accept, so it sees the connection's very first decrypted
 * byte and stays on frame boundaries; on a connection whose first bytes are not the HTTP/2
 * preface (HTTP/1.1 over TLS) it removes itself. Not thread-safe: Netty calls it on the
 * connection's event loop.
 */
final class Http2FrameGuard extends ChannelInboundHandlerAdapter {

  static final String NAME = "berthHttp2Guard";
  private static final String PLACER = "berthHttp2GuardPlacer";
  static final int BURST = 100;
  static final int PER_SECOND = 10;
  private static final long CLOSE_NOTIFY_WAIT_MILLIS = 100;
  /** A reset of a stream opened in the same read: each such request cost the application a response. */
  static final int ABANDONED_COST = 5;
  /** A zero WINDOW_UPDATE, which no correct client sends and which makes the server reset the stream. */
  static final int ERROR_COST = 10;

  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0;
  private static final int HEADERS = 1;
  private static final int PRIORITY = 2;
  private static final int RST_STREAM = 3;
  private static final int SETTINGS = 4;
  private static final int PING = 6;
  private static final int WINDOW_UPDATE = 8;
  private static final int CONTINUATION = 9;
  private static final int END_STREAM = 0x1;
  private static final int ACK = 0x1;

  private final long maxBody;
  private int prefaceSeen;
  private final byte[] head = new byte[9];
  private int headSeen;
  private int type;
  private int flags;
  private int stream;
  private int payloadLeft;
  private int windowBytesSeen;
  private int windowIncrement;
  private double budget = BURST;
  private long refilledNanos = System.nanoTime();
  private int lastClientStream;
  private boolean tripped;
  private final Map<Integer, Long> bodyBytes = new HashMap<>();
  /** Streams whose HEADERS came in the read being judged: a reset of one is a request abandoned unanswered. */
  private final java.util.Set<Integer> openedThisRead = new java.util.HashSet<>();
  private final List<Integer> toReset = new ArrayList<>();

  private Http2FrameGuard(long maxBody) {
    this.maxBody = maxBody;
  }

  /**
   * A handler for a connection just accepted that puts the guard right behind the TLS handler
   * at the first read (when Vert.x has set the pipeline up, before any application byte is
   * decrypted), then leaves. Plain connections need none: berth serves no cleartext HTTP/2.
   */
  static void placer(io.netty.channel.Channel channel, long maxBody) {
    channel.pipeline().addFirst(PLACER, new Placer(maxBody));
  }

  /** Loads the per-connection classes before a flood can leave no descriptor to load them with. */
  static void preload() {
    Placer.class.getName();
  }

  private static final class Placer extends ChannelInboundHandlerAdapter {
    private final long maxBody;

    Placer(long maxBody) {
      this.maxBody = maxBody;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ChannelPipeline pipeline = ctx.pipeline();
      ChannelHandlerContext tls = pipeline.context(SslHandler.class);
      if (tls != null) {
        pipeline.addAfter(tls.name(), NAME, new Http2FrameGuard(maxBody));
        pipeline.remove(this);
      } else if (pipeline.get(SniHandler.class) == null) {
        pipeline.remove(this); // no TLS: HTTP/1 only
      } // else: the SNI handler becomes the TLS handler while reading the ClientHello; next read
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (tripped) {
      in.release();
      return;
    }
    int at = in.readerIndex();
    int to = in.writerIndex();
    openedThisRead.clear();
    while (prefaceSeen < PREFACE.length && at < to) {
      if (in.getByte(at) != PREFACE[prefaceSeen]) {
        ctx.pipeline().remove(this); // not HTTP/2: nothing to judge
        ctx.fireChannelRead(in);
        return;
      }
      prefaceSeen++;
      at++;
    }
    while (at < to && !tripped) {
      if (payloadLeft == 0 && headSeen < 9) {
        head[headSeen++] = in.getByte(at++);
        if (headSeen == 9) {
          frameStarts();
        }
        continue;
      }
      int n = Math.min(payloadLeft, to - at);
      if (type == WINDOW_UPDATE) {
        for (int i = 0; i < n && windowBytesSeen < 4; i++, windowBytesSeen++) {
          windowIncrement = (windowIncrement << 8) | (in.getByte(at + i) & 0xff);
        }
      }
      at += n;
      payloadLeft -= n;
      if (payloadLeft == 0) {
        frameEnds();
      }
    }
    if (tripped) {
      in.release();
      goAway(ctx);
      return;
    }
    ctx.fireChannelRead(in);
    resetOversized(ctx);
  }

  private void frameStarts() {
    int length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
    type = head[3] & 0xff;
    flags = head[4] & 0xff;
    stream = ((head[5] & 0x7f) << 24) | ((head[6] & 0xff) << 16) | ((head[7] & 0xff) << 8) | (head[8] & 0xff);
    payloadLeft = length;
    windowBytesSeen = 0;
    windowIncrement = 0;
    switch (type) {
      case HEADERS -> {
        if ((stream & 1) == 1) {
          lastClientStream = Math.max(lastClientStream, stream);
          openedThisRead.add(stream);
        }
      }
      case DATA -> {
        if (length == 0 && (flags & END_STREAM) == 0) {
          spend(1);
        }
        countBody(length);
      }
      case PING, PRIORITY -> spend(1);
      // Reset before any answer could have arrived (rapid reset): the application did the work for nothing.
      case RST_STREAM -> spend(openedThisRead.contains(stream) ? ABANDONED_COST : 1);
      case SETTINGS -> {
        if ((flags & ACK) == 0) {
          spend(1);
        }
      }
      case CONTINUATION -> {
        if (length == 0) {
          spend(1);
        }
      }
      default -> { }
    }
    if (type == RST_STREAM || (type == DATA && (flags & END_STREAM) != 0)) {
      bodyBytes.remove(stream);
    }
    if (payloadLeft == 0) {
      frameEnds();
    }
  }

  private void frameEnds() {
    if (type == WINDOW_UPDATE && (windowIncrement & 0x7fffffff) == 0) {
      spend(ERROR_COST); // always an error: the cheapest way to make the server reset a stream ("MadeYouReset")
    }
    headSeen = 0;
  }

  private void countBody(int length) {
    if (stream == 0 || length == 0) {
      return;
    }
    Long before = bodyBytes.get(stream);
    if (before != null && before < 0) {
      return; // reset already
    }
    long now = (before == null ? 0 : before) + length;
    if (now > maxBody) {
      bodyBytes.put(stream, -1L);
      toReset.add(stream);
    } else {
      bodyBytes.put(stream, now);
    }
  }

  private void spend(int cost) {
    long now = System.nanoTime();
    budget = Math.min(BURST, budget + (now - refilledNanos) * PER_SECOND / 1e9);
    refilledNanos = now;
    budget -= cost;
    if (budget < 0) {
      tripped = true;
    }
  }

  /** After the codec has seen the frames that passed the limit: it resets those streams itself. */
  private void resetOversized(ChannelHandlerContext ctx) {
    if (toReset.isEmpty()) {
      return;
    }
    Http2ConnectionHandler codec = ctx.pipeline().get(Http2ConnectionHandler.class);
    ChannelHandlerContext codecContext = codec == null ? null : ctx.pipeline().context(codec);
    for (int id : toReset) {
      if (codecContext != null) {
        codec.resetStream(codecContext, id, Http2Error.CANCEL.code(), codecContext.newPromise());
      }
    }
    toReset.clear();
    if (codecContext != null) {
      codecContext.flush();
    } else {
      ctx.close(); // no codec to reset a stream through: ending the connection is the only limit left
    }
  }

  /** GOAWAY ENHANCE_YOUR_CALM naming the last stream the client opened, then close without waiting for the client. */
  private void goAway(ChannelHandlerContext ctx) {
    ByteBuf frame = Unpooled.buffer(17);
    frame.writeMedium(8).writeByte(7).writeByte(0).writeInt(0);
    frame.writeInt(lastClientStream).writeInt((int) Http2Error.ENHANCE_YOUR_CALM.code());
    ctx.channel().config().setAutoRead(false);
    SslHandler tls = ctx.pipeline().get(SslHandler.class);
    if (tls != null) {
      // By default TLS waits up to 3 s for its close_notify to leave: a client that never reads holds that long.
      tls.setCloseNotifyFlushTimeoutMillis(CLOSE_NOTIFY_WAIT_MILLIS);
    }
    ctx.writeAndFlush(frame);
    ctx.close();
  }
}
