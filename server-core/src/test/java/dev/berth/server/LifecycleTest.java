package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.Addresses;
import dev.berth.testkit.PortHolder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Start, serve, stop: binding before the application, retries, and a draining stop. */
class LifecycleTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void portZeroReportsTheRealPortAndServesThere() throws Exception {
    BerthServer server = Transport.NIO.builder().bind("127.0.0.1:0", "127.0.0.1:0").build();
    BindReport report = Bind.started(server);
    int a = report.bound().get(0).port();
    int b = report.bound().get(1).port();
    assertThat(a).isPositive().isNotEqualTo(b);
    assertThat(report.bound().get(0).url()).isEqualTo("http://127.0.0.1:" + a);
    assertThat(server.addresses()).hasSize(2);
    assertThat(get(a).body()).isEqualTo("ok");
    assertThat(get(b).body()).isEqualTo("ok");
    Bind.stop(server);
    assertThat(server.addresses()).isEmpty();
  }

  @Test
  void nothingIsServedUntilTheApplicationHasStarted() throws Exception {
    Promise<Void> release = Promise.promise();
    CountDownLatch bound = new CountDownLatch(1);
    BerthApplication app = new BerthApplication() {
      @Override
      public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
        return r -> r.response().end("app");
      }

      @Override
      public Future<Void> start(BerthServer server) {
        bound.countDown();
        return release.future();
      }
    };
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").application(app).build();
    Future<BindReport> starting = server.start();
    assertThat(bound.await(10, TimeUnit.SECONDS)).isTrue();
    int port = server.report().orElseThrow().bound().get(0).port();
    HttpResponse<String> early = get(port);
    assertThat(early.statusCode()).isEqualTo(503);
    assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
    release.complete();
    starting.await();
    assertThat(get(port).body()).isEqualTo("app");
    Bind.stop(server);
  }

  @Test
  void applicationStartFailureClosesEverythingAndIsNotABindFailure() {
    int port;
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").application(new BerthApplication() {
      @Override
      public Handler<HttpServerRequest> requestHandler(Vertx vertx) {
        return r -> r.response().end();
      }

      @Override
      public Future<Void> start(BerthServer s) {
        return Future.failedFuture(new IllegalStateException("database unreachable"));
      }
    }).build();
    ApplicationStartException e = (ApplicationStartException) org.assertj.core.api.Assertions.catchThrowable(server::startAndWait);
    assertThat(e).hasMessageContaining("database unreachable");
    assertThat(e.report().orElseThrow().succeeded()).isTrue();
    port = e.report().orElseThrow().bound().get(0).port();
    try (PortHolder again = Bind.holdFreed(port)) {
      assertThat(again.port()).isEqualTo(port);
    }
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void handlerFactoryThatThrowsFailsBeforeAnyBind() {
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").application(v -> {
      throw new IllegalArgumentException("bad config");
    }).build();
    assertThatThrownBy(server::startAndWait).isInstanceOf(ApplicationStartException.class).hasMessageContaining("bad config");
  }

  @Test
  void retriesWaitForAPortThatIsReleased() throws Exception {
    PortHolder holder = PortHolder.hold("127.0.0.1", 0);
    int port = holder.port();
    java.util.List<Integer> retried = new java.util.concurrent.CopyOnWriteArrayList<>();
    BerthServer server = Transport.NIO.builder().bind("127.0.0.1:" + port)
        .bindRetries(5).bindRetryDelay(Duration.ofMillis(50))
        .onRetry((endpoint, failure) -> {
          retried.add(failure.attempts());
          holder.close(); // the other process goes away after our first attempt
        })
        .build();
    BindReport report = Bind.started(server);
    // Usually 2 attempts; a child spawned meanwhile by a parallel test can keep the closed
    // socket alive a few milliseconds longer, costing another retry.
    int attempts = report.bound().get(0).attempts();
    assertThat(attempts).isBetween(2, 6);
    assertThat(retried).startsWith(1).hasSize(attempts - 1);
    assertThat(get(port).body()).isEqualTo("ok");
    Bind.stop(server);
  }

  @Test
  void retriesAreBoundedAndCounted() {
    try (PortHolder holder = PortHolder.hold("127.0.0.1", 0)) {
      BindFailure f = Bind.failureOf(Transport.NIO.builder().bind(holder.endpoint())
          .bindRetries(2).bindRetryDelay(Duration.ofMillis(20)), Transport.NIO);
      assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
      assertThat(f.attempts()).isEqualTo(3);
    }
  }

  @Test
  void permanentCausesAreNeverRetried() {
    BindFailure f = Bind.failureOf(Transport.NIO.builder().bind(Addresses.nonLocalIPv4() + ":0")
        .bindRetries(5).bindRetryDelay(Duration.ofSeconds(5)), Transport.NIO);
    assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_NOT_AVAILABLE);
    assertThat(f.attempts()).isEqualTo(1);
  }

  @Test
  void stopDrainsARequestInFlight() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").handler(r -> {
      arrived.countDown();
      r.response().setChunked(true).write("partial ");
      // Answer only after stop() has begun.
      Vertx.currentContext().owner().setTimer(500, t -> r.response().end("done"));
    }).build();
    int port = Bind.started(server).bound().get(0).port();
    CompletableFuture<HttpResponse<String>> inFlight = CLIENT.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
    Bind.stop(server);
    HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("partial done");
    try (PortHolder again = Bind.holdFreed(port)) {
      assertThat(again.port()).as("the port is released after stop").isEqualTo(port);
    }
  }

  @Test
  void stopGivesUpOnARequestThatNeverEndsAfterTheTimeout() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0").handler(r -> arrived.countDown()).build();
    int port = Bind.started(server).bound().get(0).port();
    CompletableFuture<HttpResponse<String>> hanging = CLIENT.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
    server.stop(Duration.ofMillis(200)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(hanging).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void severalInstancesShareOneEndpointOnPurpose() throws Exception {
    BerthServer server = Transport.NIO.builder().bind("127.0.0.1:0").instances(3).build();
    int port = Bind.started(server).bound().get(0).port();
    for (int i = 0; i < 6; i++) {
      assertThat(get(port).body()).isEqualTo("ok");
    }
    Bind.stop(server);
    try (PortHolder again = Bind.holdFreed(port)) {
      assertThat(again.port()).isEqualTo(port);
    }
  }

  /** N instances are N event loops: connections (handed out round robin) are served on different threads. */
  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
  void severalInstancesServeOnThatManyEventLoops(Transport transport) throws Exception {
    BerthServer server = transport.builder().bind("127.0.0.1:0").instances(2)
        .handler(r -> r.response().end(Thread.currentThread().getName())).build();
    int port = Bind.started(server).bound().get(0).port();
    java.util.Set<String> threads = new java.util.TreeSet<>();
    for (int i = 0; i < 4; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        threads.add(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      }
    }
    Bind.stop(server);
    assertThat(threads).as("threads that served 4 connections").hasSize(2).allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));
  }

  @Test
  void startIsOnceOnly() {
    BerthServer server = Transport.NIO.builder().bind("127.0.0.1:0").build();
    Bind.started(server);
    assertThat(server.start().failed()).isTrue();
    Bind.stop(server);
    Bind.stop(server);
  }

  static HttpResponse<String> get(int port) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
