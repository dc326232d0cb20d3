package dev.berth.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** The two transports every real-failure test runs on: the JDK's NIO and Netty's native epoll. */
enum Transport {
  NIO,
  EPOLL;

  private static volatile String epollUnavailable;

  BerthServer.Builder builder() {
    assumeAvailable();
    return BerthServer.builder().nativeTransport(this == EPOLL).handler(request -> request.response().end("ok"));
  }

  BerthServer.Builder builder(VertxOptions options) {
    assumeAvailable();
    return BerthServer.builder().vertxOptions(options.setPreferNativeTransport(this == EPOLL))
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
    if (this == NIO) {
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
