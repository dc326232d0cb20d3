package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Await;
import dev.berth.testkit.PassedSockets;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A restart under load: berth is stopped with SIGTERM and a new berth started, while a
 * bounded loopback client opens one connection per request. On a socket a parent holds
 * (systemd's model, here the testkit's shim with two runs) the kernel queues connections
 * while no berth accepts, so none may fail; with ordinary binding the same restart refuses
 * connections, counted for contrast. Figures go to stdout (docs/performance.md has the bench's).
 */
@Isolated
class RestartWithoutRefusalProcessTest {

  private static final int CLIENTS = 4;
  private static final Duration LOAD_AFTER_READY = Duration.ofMillis(700);

  /** Counts of one load run. */
  record Tally(int ok, int refused, int otherErrors, int non2xx) {
    int errors() {
      return refused + otherErrors + non2xx;
    }
  }

  /** CLIENTS threads, each: connect, GET /health with Connection: close, read to the end, repeat. */
  static final class Load implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger otherErrors = new AtomicInteger();
    private final AtomicInteger non2xx = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    Load(int port) {
      for (int i = 0; i < CLIENTS; i++) {
        Thread t = new Thread(() -> {
          while (running.get()) {
            once(port);
          }
        }, "restart-load-" + i);
        t.start();
        threads.add(t);
      }
    }

    private void once(int port) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        if (response.startsWith("HTTP/1.1 2")) {
          ok.incrementAndGet();
        } else if (response.isEmpty()) {
          otherErrors.incrementAndGet();
        } else {
          non2xx.incrementAndGet();
        }
      } catch (ConnectException e) {
        refused.incrementAndGet();
        pause();
      } catch (IOException e) {
        otherErrors.incrementAndGet();
      }
    }

    private static void pause() {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    int ok() {
      return ok.get();
    }

    Tally stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(60_000);
      }
      return new Tally(ok.get(), refused.get(), otherErrors.get(), non2xx.get());
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }

  @Test
  void aRestartOnAnInheritedSocketRefusesNoConnection() throws Exception {
    assumeTrue(PassedSockets.unavailableReason().isEmpty(), () -> PassedSockets.unavailableReason().orElseThrow());
    try (PassedSockets sockets = PassedSockets.builder().tcp("127.0.0.1:0", "web").runs(2).build();
        ServerProcess shim = ServerProcess.command(sockets.command(Berth.command("serve", "--bind", "systemd"))).start()) {
      int port = sockets.inetAddress(0, Berth.START).getPort();
      long first = PassedSockets.pidOfRun(shim, 1, Berth.START);
      awaitReadyLines(shim, 1);
      Tally tally;
      try (Load load = new Load(port)) {
        awaitRequests(load, 50);
        kill(first);
        PassedSockets.pidOfRun(shim, 2, Berth.START);
        awaitReadyLines(shim, 2);
        int before = load.ok();
        Thread.sleep(LOAD_AFTER_READY.toMillis());
        assertThat(load.ok()).as("the new berth serves").isGreaterThan(before);
        tally = load.stop();
      }
      System.out.println("restart on an inherited socket, one connection per request: " + tally);
      assertThat(tally.errors()).as(tally.toString()).isZero();
      assertThat(shim.stdout()).contains("exited 0");
      shim.signal(Signal.TERM);
      shim.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void theSameRestartWithOrdinaryBindingRefusesConnections() throws Exception {
    int port;
    Tally tally;
    try (ServerProcess first = Berth.serve("--bind", "127.0.0.1:0").awaitReady(Berth.START)) {
      port = Berth.listeningPorts(first).get(0);
      try (Load load = new Load(port)) {
        awaitRequests(load, 50);
        first.signal(Signal.TERM);
        first.assertExitCode(0, Berth.EXIT);
        try (ServerProcess second = Berth.serve("--bind", "127.0.0.1:" + port)) {
          second.awaitReady(Berth.START);
          Thread.sleep(LOAD_AFTER_READY.toMillis());
          tally = load.stop();
          second.signal(Signal.TERM);
          second.assertExitCode(0, Berth.EXIT);
        }
      }
    }
    System.out.println("restart with ordinary binding, one connection per request: " + tally);
    assertThat(tally.refused()).as("connections refused while no berth listened: " + tally).isPositive();
  }

  private static void awaitRequests(Load load, int count) {
    Await.until(count + " requests served before the restart", Berth.START, () -> load.ok() >= count);
  }

  private static void awaitReadyLines(ServerProcess shim, int count) {
    Await.until("berth run " + count + " ready", Berth.START, shim,
        () -> shim.stderrLines().stream().filter(l -> l.contains(Berth.READY)).count() >= count);
  }

  private static void kill(long pid) {
    ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid)).destroy();
  }
}
