package dev.berth.cli;


import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Await;
import dev.berth.testkit.PortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIGTERM and SIGINT end berth with 0 after in-flight requests finished; a second signal
 * ends it at once with 128+N. When this JVM was started with SIGINT ignored (a background
 * job of a non-interactive shell), the child would inherit that and no program could see
 * SIGINT; then berth is started through {@code env --default-signal=INT} (coreutils 8.31+).
 */
class SignalProcessTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final int REQUESTS = 6;

  private static ServerProcess slowServer(String... more) {
    List<String> args = new ArrayList<>(List.of("serve", "--bind", "127.0.0.1:0", "--app", "dev.berth.cli.apps.SlowApplication"));
    args.addAll(List.of(more));
    List<String> cmd = Berth.sigintIgnoredHere()
        ? Berth.prefixed(List.of("env", "--default-signal=INT"), Berth.command(args))
        : Berth.command(args);
    return ServerProcess.command(cmd).readyWhenStderrMatches(Berth.READY).start().awaitReady(Berth.START);
  }

  @ParameterizedTest
  @EnumSource(value = Signal.class, names = {"TERM", "INT"})
  void aStopSignalDrainsInFlightRequestsAndExitsZero(Signal signal) throws Exception {
    try (ServerProcess berth = slowServer()) {
      int port = Berth.listeningPorts(berth).get(0);
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        responses.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/r" + i + "?ms=700"))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      awaitInFlight(berth, REQUESTS);
      long signalled = System.nanoTime();
      berth.signal(signal);
      for (int i = 0; i < REQUESTS; i++) {
        HttpResponse<String> r = responses.get(i).get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("done /r" + i);
      }
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("drained, not waited out").isLessThan(Duration.ofSeconds(8));
      assertThat(berth.stderr()).contains("SIG" + signal + ": stopping", "stopped");
    }
  }

  @Test
  void aSecondSignalForcesAnImmediateExit() throws Exception {
    try (ServerProcess berth = slowServer("--shutdown-timeout", "30s")) {
      int port = Berth.listeningPorts(berth).get(0);
      HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stuck?ms=60000")).build(),
          HttpResponse.BodyHandlers.discarding());
      awaitInFlight(berth, 1);
      berth.signal(Signal.TERM);
      berth.awaitOutput(Pattern.compile(Pattern.quote("stopping")), Berth.START);
      long second = System.nanoTime();
      berth.signal(Signal.TERM);
      berth.assertExitCode(143, Berth.EXIT);
      assertThat(Duration.ofNanos(System.nanoTime() - second)).isLessThan(Duration.ofSeconds(5));
      assertThat(berth.stderr()).contains("second SIGTERM: exiting now without draining (exit 143)");
    }
  }

  @Test
  void aSignalBeforeReadyStopsCleanlyWithoutAnnouncingReadiness() throws Exception {
    PortHolder holder = PortHolder.hold("127.0.0.1", 0);
    try (ServerProcess berth = ServerProcess.command(Berth.command("serve", "--bind", holder.endpoint(), "--verbose",
            "--bind-retries", "200", "--bind-retry-delay", "50ms"))
        .readyWhenStderrMatches("address in use, attempt 2").start()) {
      berth.awaitReady(Berth.START);
      berth.signal(Signal.TERM);
      berth.awaitOutput(Pattern.compile(Pattern.quote("SIGTERM while binding")), Berth.START);
      holder.close();
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(berth.stderr()).doesNotContain("listening on").contains("stopped");
    } finally {
      holder.close();
    }
  }

  private static void awaitInFlight(ServerProcess berth, int count) {
    Await.until(count + " requests in flight", Berth.START, berth,
        () -> berth.stderrLines().stream().filter(l -> l.startsWith("test-app: in flight")).count() >= count);
  }

}
