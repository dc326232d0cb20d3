package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Await;
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
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A really full disk under {@code --access-log}: a 128 KiB tmpfs, half of it taken by a filler
 * file. Berth must go on answering through far more requests than its queue holds, say so
 * once, write again when the filler is removed, and stop with 0 within its shutdown timeout.
 */
class AccessLogFullDiskProcessTest {

  private static final int REQUESTS = 12_000;

  @TempDir
  Path dir;

  @Test
  void aFullDiskDropsLinesAndServingGoesOn() throws Exception {
    Path disk = Files.createDirectory(dir.resolve("disk"));
    mountTinyTmpfs(disk);
    try {
      Path filler = disk.resolve("filler");
      Files.write(filler, new byte[64 * 1024]);
      Path log = disk.resolve("access.log");
      try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0", "--access-log", log.toString(),
          "--shutdown-timeout", "3s")) {
        berth.awaitReady(Berth.START);
        int port = Berth.listeningPorts(berth).get(0);

        int answered = pipelined(port, REQUESTS, "/filling");
        assertThat(answered).as("answers to %d pipelined requests while the disk is full; stderr:%n%s", REQUESTS,
            berth.stderr()).isEqualTo(REQUESTS);
        assertThat(StaticTree.send(port, "GET", "/health").status()).as("an ordinary request after the disk filled")
            .isEqualTo(200);
        List<String> complaints = berth.stderrLines().stream().filter(l -> l.contains("access log")).toList();
        assertThat(complaints).as("said once, with the OS's reason").singleElement().asString()
            .contains("No space left on device").contains("serving goes on");
        assertThat(berth.stderr()).doesNotContain("Thread blocked");

        Files.delete(filler);
        Await.until("access-log lines written once space returns", Duration.ofSeconds(20), berth, () -> {
          pipelined(port, 1, "/space-again");
          return Files.readString(log, StandardCharsets.ISO_8859_1).contains("GET /space-again HTTP/1.1");
        });
        // The line reaches the file before the writer says so on stderr, and the test reads stderr through a pipe.
        berth.awaitOutput(Pattern.compile("writing again;.*lines were dropped"), Duration.ofSeconds(10));

        long stopAsked = System.nanoTime();
        berth.signal(Signal.TERM);
        berth.assertExitCode(0, Berth.EXIT);
        assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).as("stopped within the shutdown timeout and a grace")
            .isLessThan(Duration.ofSeconds(3 + 5 + 5));
      }
    } finally {
      new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void aReportOnAFullDiskSaysTheDiskIsFull() throws Exception {
    Path disk = Files.createDirectory(dir.resolve("full"));
    mountTinyTmpfs(disk);
    try {
      try (OutputStream filler = Files.newOutputStream(disk.resolve("filler"))) {
        filler.write(new byte[256 * 1024]);
      } catch (IOException full) {
        // what we wanted: not a byte left
      }
      Path report = disk.resolve("report.json");
      ServerProcess p = Berth.run("serve", "--bind", "127.0.0.1:0", "--report", report.toString());
      assertThat(p.awaitExit(Berth.EXIT)).as(p.stderr()).isEqualTo(78);
      assertThat(p.stderrLines()).filteredOn(l -> l.contains("--report")).singleElement().asString()
          .contains("file system is full").contains("free space").doesNotContain("writable directory");
    } finally {
      new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor();
    }
  }

  private static void mountTinyTmpfs(Path where) throws IOException, InterruptedException {
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", where.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    Assumptions.assumeTrue(mount.waitFor() == 0,
        "a full disk needs a small tmpfs, and mount is not permitted here (" + said + ")");
  }

  /** Sends {@code count} keep-alive requests in batches of 200 on one connection; returns how many were answered. */
  private static int pipelined(int port, int count, String path) throws IOException {
    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] marker = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    int answered = 0;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      int matched = 0;
      while (answered < count) {
        int batch = Math.min(200, count - answered);
        byte[] many = new byte[request.length * batch];
        for (int i = 0; i < batch; i++) {
          System.arraycopy(request, 0, many, i * request.length, request.length);
        }
        out.write(many);
        out.flush();
        int target = answered + batch;
        while (answered < target) {
          int n;
          try {
            n = in.read(buffer);
          } catch (SocketTimeoutException e) {
            return answered;
          }
          if (n < 0) {
            return answered;
          }
          for (int i = 0; i < n; i++) {
            matched = buffer[i] == marker[matched] ? matched + 1 : (buffer[i] == marker[0] ? 1 : 0);
            if (matched == marker.length) {
              answered++;
              matched = 0;
            }
          }
        }
      }
    }
    return answered;
  }
}
