package dev.berth.server.internal.http1;

import dev.berth.server.internal.engine.Log;
import dev.berth.server.internal.vertx.VertxInternals;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.function.IntConsumer;

/**
 * Creates berth's HTTP servers with a {@link FramingGuard} in every HTTP/1.x connection. This
 * is the one place that reaches into Vert.x internals for it: Vert.x 5.0.7 offers no public
 * hook on the raw bytes before its decoder (HttpServerOptions does not pass Netty's
 * HttpDecoderConfig through, and the request handler sees only what the decoder made of the
 * bytes), so the guard goes into the Netty pipeline through the connection's channel, using
 * Vert.x's handler names ({@code httpDecoder}, {@code handler}).
 *
 * <p>Cleartext HTTP/2 (h2c) is switched off: with it on, Vert.x 5.0.7 announces a connection
 * only after decoding its first request, too late to guard that request's bytes; and an
 * {@code Upgrade: h2c} that a proxy forwards is itself a known way past the proxy's rules.
 */
public final class StrictFraming {

  public static final String DECODER = "httpDecoder";
  public static final String VERTX_HANDLER = "handler";
  public static final String GUARD = "berthFramingGuard";
  public static final String RESPONSES = "berthResponseCounter";

  /**
   * Loaded with this class, at bind time: the first connections may arrive when no descriptor
   * is left to open a class file (an accept flood under a low LimitNOFILE).
   */
  private static final Class<?>[] PRELOADED = {FramingGuard.class, RequestFraming.class, ChunkedBody.class,
      RefusedRequest.class, Tokens.class};

  private StrictFraming() {}

  /** {@code vertx.createHttpServer(options)}, guarded; {@code maxBody} also limits chunked bodies. */
  public static HttpServer createServer(Vertx vertx, HttpServerOptions options, long maxBody) {
    return createServer(vertx, options, maxBody, null);
  }

  /** @param refusals told the status of each refused request (the server's metrics), or null */
  public static HttpServer createServer(Vertx vertx, HttpServerOptions options, long maxBody, IntConsumer refusals) {
    int maxLine = options.getMaxInitialLineLength();
    int maxHeaders = options.getMaxHeaderSize();
    HttpServerOptions http1 = new HttpServerOptions(options).setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(http1).connectionHandler(c -> install(c, maxLine, maxHeaders, maxBody, refusals));
  }

  /** Called by Vert.x on the event loop before the connection's first byte is read. */
  public static void install(HttpConnection connection, int maxLine, int maxHeaders, long maxBody) {
    install(connection, maxLine, maxHeaders, maxBody, null);
  }

  /** @param refusals told the status of each refused request (the server's metrics), or null */
  public static void install(HttpConnection connection, int maxLine, int maxHeaders, long maxBody, IntConsumer refusals) {
    java.util.Optional<Channel> channel = VertxInternals.channelOf(connection);
    if (channel.isEmpty()) {
      refuseUnguarded(connection, connection.getClass().getName());
      return;
    }
    ChannelPipeline pipeline = channel.get().pipeline();
    if (pipeline.get(DECODER) == null) {
      return; // HTTP/2 over TLS (ALPN h2): binary frames, no HTTP/1 framing to disagree on
    }
    if (pipeline.get(VERTX_HANDLER) == null) {
      refuseUnguarded(connection, pipeline.names().toString());
      return;
    }
    FramingGuard guard = new FramingGuard(maxLine, maxHeaders, maxBody, DECODER, refusals);
    pipeline.addBefore(DECODER, GUARD, guard);
    pipeline.addBefore(VERTX_HANDLER, RESPONSES, guard.responses());
  }

  /** Fails closed: after a Vert.x upgrade that moved things, no connection is served unguarded. */
  private static void refuseUnguarded(HttpConnection connection, String found) {
    Log.of(StrictFraming.class).log(System.Logger.Level.ERROR,
        "cannot guard request framing, Vert.x internals changed (found {0}); closing the connection", found);
    connection.close();
  }
}
