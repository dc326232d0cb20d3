package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A real flood of slow connections against a berth whose descriptor limit is small (prlimit),
 * so the flood is cheap: the cap holds (the child's descriptors are never exhausted), an
 * ordinary request is answered within the header timeout plus a margin, stderr carries berth's
 * lines and no Netty internals, and SIGTERM afterwards still exits 0. Isolated: it generates
 * load, and its timings need the machine's attention.
 */
@Isolated
class FloodProcessTest {

  private static final int NOFILE = 256;
  /** More than the default cap at 256 descriptors (about 140), less than twice it. */
  private static final int FLOOD = 240;
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);
  /** For a loaded 2-core machine: starting JVMs, other builds. */
  private static final Duration MARGIN = Duration.ofSeconds(12);
  private static final String SLOW_REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n";
  private static final List<String> INTERNALS = List.of("io.netty", "exceptionCaught", "tail of the pipeline", "\tat ",
      "Exception", "accept(..)");

  @Test
  void aFloodOfSlowConnectionsIsCappedShedAndOrdinaryRequestsAreServed() throws Exception {
    assumeTrue(prlimitAvailable(), "prlimit (util-linux) is not on the PATH: cannot give the child a small descriptor limit");
    try (ServerProcess berth = serveWithFewDescriptors("--header-timeout", "3s")) {
      int port = Berth.listeningPorts(berth).get(0);
      DescriptorWatch watch = DescriptorWatch.start(berth.pid());
      List<Socket> flood = new ArrayList<>();
      try {
        for (int i = 0; i < FLOOD; i++) {
          flood.add(slowConnection(port));
        }
        long t0 = System.nanoTime();
        String answer = ordinaryRequest(port, HEADER_TIMEOUT.plus(MARGIN));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("flood of %d slow connections at %d descriptors: ordinary request answered in %d ms;"
            + " peak descriptors %d%n", FLOOD, NOFILE, took.toMillis(), watch.peak());
        assertThat(answer).as("an ordinary request during the flood").startsWith("HTTP/1.1 200");
        int got408 = count408(flood);
        assertThat(got408).as("slow connections that got 408 (they sent part of a request)").isPositive();
      } finally {
        closeAll(flood);
        watch.stop();
      }
      assertThat(watch.peak()).as("berth's open descriptors at the peak (limit %d)", NOFILE).isLessThan(NOFILE - 8);
      berth.awaitOutput(Pattern.compile(Pattern.quote("closed a connection whose request headers were not complete in time (--header-timeout 3s; 1s while at the connection cap)")), MARGIN.plus(Duration.ofSeconds(10)));
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(berth.stderr()).contains("berth: connection cap reached: ")
          .contains("new connections wait in the kernel's backlog").contains("LimitNOFILE=")
          .contains("--max-connections").contains("--header-timeout 3s");
      assertNoInternals(berth);
    }
  }

  @Test
  void anAcceptThatRunsOutOfDescriptorsIsOneBerthLineNotNettysStackTrace() throws Exception {
    assumeTrue(prlimitAvailable(), "prlimit (util-linux) is not on the PATH: cannot give the child a small descriptor limit");
    // A cap above what the limit allows: accept itself must fail with EMFILE.
    try (ServerProcess berth = serveWithFewDescriptors("--max-connections", "1000", "--header-timeout", "0s")) {
      int port = Berth.listeningPorts(berth).get(0);
      List<Socket> flood = new ArrayList<>();
      try {
        for (int i = 0; i < FLOOD; i++) {
          flood.add(slowConnection(port));
        }
        berth.awaitOutput(Pattern.compile(Pattern.quote("berth: cannot accept connections: EMFILE (24)")), MARGIN.plus(Duration.ofSeconds(10)));
      } finally {
        closeAll(flood);
      }
      assertThat(ordinaryRequest(port, MARGIN)).as("a request after the flood closed; berth's stderr:%n%s", berth.stderr()).startsWith("HTTP/1.1 200");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(berth.stderr()).contains("is more than the descriptors left")
          .contains("Raise LimitNOFILE= or lower --max-connections");
      assertThat(berth.stderrLines().stream().filter(l -> l.startsWith("berth: cannot accept connections:")))
          .as("one line per episode, not one per failed accept").hasSize(1);
      assertNoInternals(berth);
    }
  }

  private static ServerProcess serveWithFewDescriptors(String... limits) {
    List<String> args = new ArrayList<>(List.of("serve", "--bind", "127.0.0.1:0"));
    args.addAll(List.of(limits));
    return ServerProcess.command(Berth.prefixed(List.of("prlimit", "--nofile=" + NOFILE), Berth.command(args)))
        .readyWhenStderrMatches(Berth.READY).start().awaitReady(Berth.START);
  }

  private static void assertNoInternals(ServerProcess berth) {
    for (String line : berth.stderrLines()) {
      assertThat(line).as("every stderr line is berth's own").startsWith("berth: ");
      for (String internal : INTERNALS) {
        assertThat(line).as("stderr line without internals").doesNotContain(internal);
      }
    }
  }

  /** Connects and sends a request line and one header, never the blank line that ends them. */
  private static Socket slowConnection(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    s.getOutputStream().write(SLOW_REQUEST.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /** A complete GET on a fresh connection; the first line of the answer, or "" when none came in time. */
  private static String ordinaryRequest(int port, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), (int) within.toMillis());
      s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c; (c = in.read()) != -1 && c != '\n'; ) {
        line.append((char) c);
      }
      return line.toString().trim();
    } catch (SocketTimeoutException e) {
      return "";
    }
  }

  private static int count408(List<Socket> flood) {
    int n = 0;
    for (Socket s : flood) {
      try {
        s.setSoTimeout(1);
        byte[] head = s.getInputStream().readNBytes(12);
        if (new String(head, StandardCharsets.US_ASCII).equals("HTTP/1.1 408")) {
          n++;
        }
      } catch (IOException e) {
        // still open (not shed yet) or reset: not a 408
      }
    }
    return n;
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }


  private static boolean prlimitAvailable() {
    try {
      return new ProcessBuilder("prlimit", "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Samples the child's open descriptors (/proc/PID/fd) every 20 ms and keeps the peak. */
  private static final class DescriptorWatch {
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private DescriptorWatch(long pid) {
      Path fds = Path.of("/proc", Long.toString(pid), "fd");
      thread = new Thread(() -> {
        while (running.get()) {
          try (var list = Files.list(fds)) {
            peak.accumulateAndGet((int) list.count(), Math::max);
          } catch (IOException | RuntimeException e) {
            return; // the child has gone
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "descriptor-watch");
      thread.setDaemon(true);
    }

    static DescriptorWatch start(long pid) {
      DescriptorWatch w = new DescriptorWatch(pid);
      w.thread.start();
      return w;
    }

    int peak() {
      return peak.get();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(5000);
    }
  }
}
