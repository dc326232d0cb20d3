package dev.berth.server.internal.http1;

import java.util.function.IntConsumer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;

/**
 * Stands in each HTTP/1.x connection's Netty pipeline just before Vert.x's request decoder and
 * passes bytes on only once they frame requests one way. Netty's decoder repairs some
 * ambiguous requests instead of refusing them, and the request handler then sees only the
 * repaired result (a Content-Length dropped beside chunked, folded lines unfolded), so the
 * checks must see the raw bytes: a request head is held until complete and judged by
 * {@link RequestFraming}, a chunked body is followed by {@link ChunkedBody}, and a chunked
 * request is held back whole until its body has proved valid (up to {@link #HOLD_LIMIT}
 * bytes, and not when the client waits for 100 Continue; past that its head goes on and a
 * later bad chunk can only close the connection). A refused
 * request never reaches the decoder, so the application never sees it; the client gets one
 * 4xx/5xx with {@code Connection: close} (once the responses to the requests before it are
 * out, so pipelined answers stay in order) and the connection closes. Everything after the
 * refused bytes is discarded unread.
 *
 * <p>Not thread-safe: Netty calls both halves on the connection's event loop.
 */
public final class FramingGuard extends ChannelInboundHandlerAdapter {

  /** The most of one chunked request (head and body) held back until the body's end is seen. */
  public static final int HOLD_LIMIT = 64 * 1024;
  private static final byte LF = '\n';

  private enum State { HEAD, LENGTH, CHUNKED, PASS, REFUSED }

  private final int maxLine;
  private final int maxHeaders;
  private final long maxBody;
  private final String decoderName;
  private ChannelHandlerContext context;
  private ByteBuf buffer;
  private State state = State.HEAD;
  private long remaining;
  private ChunkedBody chunks;
  /** Bytes at the buffer's start that are judged valid but held back (a chunked request). */
  private int held;
  private boolean headForwarded;
  /** Bytes of an incomplete head already scanned, so a head dripping in is not rescanned from its start. */
  private int scanned;
  private int forwarded;
  private int started;
  private int completed;
  private RefusedRequest refusal;
  private int answersOwedFirst;
  private final IntConsumer refusals;

  /** @param refusals told the status of each refusal (the server's metrics), or null */
  public FramingGuard(int maxLine, int maxHeaders, long maxBody, String decoderName, IntConsumer refusals) {
    this.maxLine = maxLine;
    this.maxHeaders = maxHeaders;
    this.maxBody = maxBody;
    this.decoderName = decoderName;
    this.refusals = refusals;
  }

  /** The outbound half, placed where the application's responses enter the pipeline: counts them. */
  public ChannelOutboundHandlerAdapter responses() {
    return new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean interim = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL
            && r.status().code() != 101;
        boolean starts = msg instanceof HttpResponse && !interim;
        boolean ends = msg instanceof LastHttpContent && !interim;
        ctx.write(msg, promise);
        started += starts ? 1 : 0;
        completed += ends ? 1 : 0;
        if (starts || ends) {
          settle();
        }
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in) || state == State.PASS) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (state == State.REFUSED) {
      in.release();
      return;
    }
    buffer = buffer == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffer, in);
    if (ctx.pipeline().get(decoderName) == null) {
      // the connection switched protocols (WebSocket): these bytes are not HTTP/1 any more
      state = State.PASS;
      ByteBuf rest = buffer;
      buffer = null;
      ctx.fireChannelRead(rest);
      return;
    }
    try {
      frame(ctx);
    } catch (RefusedRequest e) {
      refuse(ctx, e);
    }
    if (buffer != null && !buffer.isReadable()) {
      buffer.release();
      buffer = null;
    }
  }

  private void frame(ChannelHandlerContext ctx) throws RefusedRequest {
    while (buffer.isReadable()) {
      switch (state) {
        case HEAD -> {
          if (!head(ctx)) {
            return;
          }
        }
        case LENGTH -> {
          int n = (int) Math.min(remaining, buffer.readableBytes());
          forward(ctx, n);
          remaining -= n;
          state = remaining == 0 ? State.HEAD : State.LENGTH;
        }
        case CHUNKED -> {
          int n = chunks.advance(buffer, buffer.readerIndex() + held);
          held += n;
          if (chunks.done() || held > HOLD_LIMIT || headForwarded) {
            release(ctx);
          }
          if (chunks.done()) {
            chunks = null;
            state = State.HEAD;
          } else if (n == 0 || buffer.readableBytes() == held) {
            return;
          }
        }
        default -> {
          return;
        }
      }
    }
  }

  /** Judges and forwards one complete head; false while it is still incomplete. */
  private boolean head(ChannelHandlerContext ctx) throws RefusedRequest {
    int from = buffer.readerIndex();
    int to = buffer.writerIndex();
    while (to - from >= 2 && buffer.getByte(from) == '\r' && buffer.getByte(from + 1) == LF) {
      from += 2; // RFC 9112 section 2.2: empty lines before a request line are ignored
      scanned = Math.max(0, scanned - 2);
    }
    buffer.readerIndex(from);
    int end = -1;
    for (int lf = buffer.indexOf(from + scanned, to, LF); lf >= 0 && end < 0; lf = buffer.indexOf(lf + 1, to, LF)) {
      if (lf == from || buffer.getByte(lf - 1) != '\r') {
        throw RefusedRequest.badRequest("line ending without CR");
      }
      if (lf - 3 >= from && buffer.getByte(lf - 2) == LF) {
        end = lf + 1;
      }
    }
    if (end < 0) {
      if (buffer.indexOf(from, to, LF) < 0 && to - from > maxLine + 1) {
        throw new RefusedRequest(414, "request line longer than " + maxLine + " bytes");
      }
      if (to - from > maxLine + maxHeaders + 4) {
        throw new RefusedRequest(431, "header fields longer than " + maxHeaders + " bytes");
      }
      scanned = to - from;
      return false;
    }
    scanned = 0;
    byte[] head = new byte[end - from];
    buffer.getBytes(from, head);
    headForwarded = false;
    RequestFraming.Framing framing = RequestFraming.judge(head, maxLine, maxHeaders);
    held = head.length;
    if (framing.body() != RequestFraming.Body.CHUNKED || framing.expectsContinue()) {
      release(ctx);
    }
    switch (framing.body()) {
      case NONE -> state = State.HEAD;
      case LENGTH -> {
        remaining = framing.length();
        state = State.LENGTH;
      }
      case CHUNKED -> {
        chunks = new ChunkedBody(maxHeaders, maxBody);
        state = State.CHUNKED;
      }
    }
    return true;
  }

  private void forward(ChannelHandlerContext ctx, int bytes) {
    if (bytes > 0) {
      ctx.fireChannelRead(buffer.readRetainedSlice(bytes));
    }
  }

  /** Passes the held bytes on; the first time for a request, that hands its head to Vert.x. */
  private void release(ChannelHandlerContext ctx) {
    if (!headForwarded) {
      headForwarded = true;
      forwarded++;
    }
    forward(ctx, held);
    held = 0;
  }


  private void refuse(ChannelHandlerContext ctx, RefusedRequest e) {
    // a chunked body fails after its head went on: that request is already the application's
    answersOwedFirst = state == State.CHUNKED && headForwarded ? forwarded - 1 : forwarded;
    refusal = e;
    state = State.REFUSED;
    if (refusals != null) {
      refusals.accept(e.status());
    }
    buffer.release();
    buffer = null;
    ctx.channel().config().setAutoRead(false);
    settle();
  }

  /**
   * Answers the refusal once every earlier request has its complete response. If the refused
   * request got a response of its own (the application answered before its body went bad),
   * a second one would be a lie: the connection only closes, after that response.
   */
  private void settle() {
    if (refusal == null || completed < answersOwedFirst) {
      return;
    }
    if (started > answersOwedFirst) {
      if (completed > answersOwedFirst) {
        refusal = null;
        context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
      return;
    }
    ByteBuf answer = answer(refusal);
    refusal = null;
    context.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
  }

  private static ByteBuf answer(RefusedRequest e) {
    String body = (e.status() == 400 ? "bad request: " : "") + e.reason() + "\n";
    String text = "HTTP/1.1 " + e.status() + " " + HttpResponseStatus.valueOf(e.status()).reasonPhrase() + "\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + body.length() + "\r\n"
        + "Connection: close\r\n\r\n" + body;
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }
}
