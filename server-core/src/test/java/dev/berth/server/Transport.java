package dev.berth.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The ways every real-failure test binds: Vert.x on the JDK's NIO, Vert.x on Netty's native
 * epoll (both with the pre-bind probe off, so the transport itself meets the failure), and
 * the JDK probe that runs before Vert.x starts.
 */
enum Transport {
  NIO,
  EPOLL,
  PREFLIGHT;

  private static volatile String epollUnavailable;

  BerthServerBuilder builder() {
    assumeAvailable();
    return BerthServer.builder().nativeTransport(this == EPOLL).preflight(this == PREFLIGHT)
        .handler(request -> request.response().end("ok"));
  }

  BerthServerBuilder builder(VertxOptions options) {
    assumeAvailable();
    return BerthServer.builder().vertxOptions(options.setPreferNativeTransport(this == EPOLL)).preflight(this == PREFLIGHT)
        .handler(request -> request.response().end("ok"));
  }

  Vertx vertx() {
    assumeAvailable();
    return Vertx.builder().with(new VertxOptions().setPreferNativeTransport(this == EPOLL)).build();
  }

  String reportName() {
    return this == EPOLL ? "epoll" : "nio";
  }

  void assumeAvailable() {
    if (this != EPOLL) {
      return;
    }
    if (epollUnavailable == null) {
      Vertx probe = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
      epollUnavailable = probe.isNativeTransportEnabled() ? "" : String.valueOf(probe.unavailableNativeTransportCause());
      probe.close().await();
    }
    assumeTrue(epollUnavailable.isEmpty(), () -> "native epoll transport unavailable here: " + epollUnavailable);
  }
}
