package dev.berth.cli;


import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.apps.SlowApplication;
import dev.berth.cli.apps.SlowStartApplication;
import dev.berth.testkit.Await;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of traffic, and SIGTERM between bind and ready. A loopback load
 * client, bounded in connections, requests and time, keeps requests in flight; the server's
 * own log says which requests it accepted before the signal, and every one of those must get
 * a complete response. Requests sent after the signal may be refused, but never cut off
 * halfway. Figures are printed for docs/reliability.md, never asserted.
 */
@Isolated // many JVMs or a load client: beside other process tests it starves their children of CPU
class SignalUnderLoadProcessTest {

  private static final int CONNECTIONS = 8;
  private static final int MAX_REQUESTS_PER_CONNECTION = 500;
  private static final Duration LOAD_BEFORE_SIGNAL = Duration.ofSeconds(1);
  private static final Duration CLIENT_LIMIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  /** What one request came to. */
  enum Outcome { COMPLETE, REFUSED, TRUNCATED, WRONG }

  @Test
  void sigtermUnderLoadCompletesEveryAcceptedRequestAndExitsZero() throws Exception {
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0", "--app", SlowApplication.class.getName(),
            "--shutdown-timeout", "10s").awaitReady(Berth.START)) {
      int port = Berth.listeningPorts(berth).get(0);
      Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
      Map<String, Long> answeredAt = new ConcurrentHashMap<>();
      AtomicBoolean stopClients = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
      List<Future<?>> running = new ArrayList<>();
      long clientDeadline = System.nanoTime() + CLIENT_LIMIT.toNanos();
      for (int c = 0; c < CONNECTIONS; c++) {
        int connection = c;
        running.add(clients.submit(() -> {
          load(port, connection, outcomes, answeredAt, stopClients, clientDeadline);
          return null;
        }));
      }
      // Under load from other tests the first requests can take seconds: wait for traffic, then some more.
      awaitAccepted(berth, 2 * CONNECTIONS);
      Thread.sleep(LOAD_BEFORE_SIGNAL.toMillis());
      long signalled = System.nanoTime();
      berth.signal(Signal.TERM);
      int exit = berth.awaitExit(Berth.EXIT);
      long exitedMillis = (System.nanoTime() - signalled) / 1_000_000;
      stopClients.set(true);
      for (Future<?> f : running) {
        f.get(CLIENT_LIMIT.toSeconds(), TimeUnit.SECONDS);
      }
      clients.shutdown();

      assertThat(exit).as(berth.stderr()).isZero();
      Set<String> acceptedBeforeSignal = acceptedBeforeStopping(berth.stderrLines());
      assertThat(acceptedBeforeSignal).as("requests were accepted before SIGTERM; stderr: %s", berth.stderr()).isNotEmpty();
      for (String path : acceptedBeforeSignal) {
        assertThat(outcomes.get(path)).as("%s was accepted before the signal", path).isEqualTo(Outcome.COMPLETE);
      }
      assertThat(outcomes).as("no response cut off halfway or wrong").doesNotContainValue(Outcome.TRUNCATED)
          .doesNotContainValue(Outcome.WRONG);
      long complete = outcomes.values().stream().filter(o -> o == Outcome.COMPLETE).count();
      long refused = outcomes.values().stream().filter(o -> o == Outcome.REFUSED).count();
      long inFlight = acceptedBeforeSignal.stream().filter(p -> answeredAt.get(p) > signalled).count();
      System.out.printf("signal under load: %d connections, %d requests complete, %d of them in flight at SIGTERM"
              + " (all complete), %d refused after it (no response byte), 0 truncated; exit 0 %d ms after SIGTERM%n",
          CONNECTIONS, complete, inFlight, refused, exitedMillis);
    }
  }

  @Test
  void sigtermBetweenBindAndReadyStopsCleanlyWithExitZeroAndLeavesNoListener() throws Exception {
    Path report = dir.resolve("report.json");
    try (ServerProcess berth = ServerProcess.command(Berth.command("serve", "--bind", "127.0.0.1:0",
            "--app", SlowStartApplication.class.getName(), "--report", report.toString()))
        .readyWhenStderrMatches("test-app: starting after bind").start().awaitReady(Berth.START)) {
      long signalled = System.nanoTime();
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      long exitedMillis = (System.nanoTime() - signalled) / 1_000_000;
      assertThat(berth.stderr()).contains("SIGTERM while binding", "stopped").doesNotContain(Berth.READY);
      int port = new JsonObject(Files.readString(report)).getJsonArray("endpoints").getJsonObject(0).getInteger("port");
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress("127.0.0.1", port));
      }
      System.out.printf("SIGTERM between bind and ready (application start takes 3 s): exit 0 %d ms after the signal,"
          + " no readiness announced, port %d free again%n", exitedMillis, port);
    }
  }

  /** One keep-alive connection, one request at a time, until told to stop, refused, or bounded out. */
  private static void load(int port, int connection, Map<String, Outcome> outcomes, Map<String, Long> answeredAt,
      AtomicBoolean stop, long deadline) {
    Socket socket = null;
    try {
      for (int n = 0; n < MAX_REQUESTS_PER_CONNECTION && !stop.get() && System.nanoTime() < deadline; n++) {
        String path = "/c" + connection + "-" + n;
        if (socket == null) {
          try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
          } catch (IOException refused) {
            outcomes.put(path, Outcome.REFUSED);
            return;
          }
        }
        Outcome outcome = request(socket, path);
        answeredAt.put(path, System.nanoTime());
        outcomes.put(path, outcome);
        if (outcome != Outcome.COMPLETE) {
          socket.close();
          socket = null;
          if (outcome == Outcome.REFUSED) {
            return;  // the server is going away; a new connection would be refused too
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a client socket at the end of the run
        }
      }
    }
  }

  /** Sends one request and reads one Content-Length response. */
  private static Outcome request(Socket socket, String path) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + "?ms=100 HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String expected = "done " + path;
      while (true) {
        int b = in.read();
        if (b < 0) {
          return received.size() == 0 ? Outcome.REFUSED : Outcome.TRUNCATED;
        }
        received.write(b);
        String text = received.toString(StandardCharsets.ISO_8859_1);
        int headersEnd = text.indexOf("\r\n\r\n");
        if (headersEnd > 0) {
          int length = contentLength(text.substring(0, headersEnd));
          if (text.length() - headersEnd - 4 >= length) {
            return text.startsWith("HTTP/1.1 200") && text.endsWith(expected) ? Outcome.COMPLETE : Outcome.WRONG;
          }
        }
      }
    } catch (IOException e) {
      return received.size() == 0 ? Outcome.REFUSED : Outcome.TRUNCATED;
    }
  }

  private static int contentLength(String headers) {
    for (String line : headers.split("\r\n")) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }

  private static void awaitAccepted(ServerProcess berth, int count) {
    Await.until("traffic reached berth (" + count + " requests in flight)", CLIENT_LIMIT, berth,
        () -> berth.stderrLines().stream().filter(l -> l.startsWith("test-app: in flight ")).count() >= count);
  }

  /** The paths berth's application logged as in flight before berth logged that it is stopping. */
  private static Set<String> acceptedBeforeStopping(List<String> stderr) {
    Set<String> accepted = new HashSet<>();
    for (String line : stderr) {
      if (line.contains(": stopping")) {
        return accepted;
      }
      if (line.startsWith("test-app: in flight ")) {
        accepted.add(line.substring("test-app: in flight ".length()));
      }
    }
    throw new AssertionError("berth never said it was stopping: " + stderr);
  }
}
