package dev.berth.server.internal.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.internal.http1.StrictFraming;
import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract Berth relies on behind its one door to Vert.x internals ({@link VertxInternals})
 * and the handler names the framing guard goes between: each test names the Vert.x fact it
 * needs, so that after an upgrade a failure here says which one moved (the enforcer rule in
 * server-core's pom pins the version until it passes).
 */
class VertxInternalsContractTest {

  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .connectionHandler(c -> {
          Optional<Channel> channel = VertxInternals.channelOf(c);
          pipelineNames.complete(channel.map(ch -> ch.pipeline().names().toString()).orElse("no channel"));
        })
        .requestHandler(r -> r.response().end("ok"));
    server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private final CompletableFuture<String> pipelineNames = new CompletableFuture<>();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aListenerOnAnExplicitPortIsInTheInstancesSharedServerMap() throws Exception {
    HttpServer shared = vertx.createHttpServer().requestHandler(r -> r.response().end());
    int port = server.actualPort(); // taken on 127.0.0.1 (a port-0 listener is not registered for sharing), free on 127.0.0.2
    shared.listen(port, "127.0.0.2").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(VertxInternals.overlappingSharedListener(vertx, InetAddress.getByName("127.0.0.2"), port))
        .as("VertxInternal.sharedTcpServers() keyed by ServerID(port, host)").contains("127.0.0.2:" + port);
  }

  @Test
  void theListeningChannelIsReachable() {
    assertThat(VertxInternals.serverChannel(server)).as("HttpServerImpl.tcpServer -> NetServerImpl.bindFuture").isPresent()
        .get().satisfies(ch -> assertThat(ch.isActive()).isTrue());
  }

  @Test
  void aConnectionsChannelAndTheDecoderNamesAreReachable() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.actualPort())) {
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
    }
    assertThat(pipelineNames.get(30, TimeUnit.SECONDS)).as("ConnectionBase.channel() and Vert.x's handler names")
        .contains(StrictFraming.DECODER, StrictFraming.VERTX_HANDLER);
  }

  @Test
  void theTransportAndTheResolverAreReachable() throws Exception {
    assertThat(VertxInternals.transport(vertx)).as("VertxInternal.transport()").isNotNull();
    assertThat(VertxInternals.resolve(vertx, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
        .as("VertxInternal.nameResolver()").isEqualTo(InetAddress.getByName("127.0.0.1"));
  }
}
