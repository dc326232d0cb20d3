package dev.berth.cli;


import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sd_notify against a real unix datagram socket standing in for systemd. The JDK cannot
 * receive unix datagrams, so the receiver is a few lines of python3 printing each datagram
 * as one line (newlines shown as '|'); skipped with the reason when python3 is missing.
 */
class SystemdNotifyProcessTest {

  private static final String RECEIVER = String.join("\n",
      "import socket, sys",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
      "s.bind(sys.argv[1])",
      "print('BOUND', flush=True)",
      "while True:",
      "    data = s.recv(65536).decode()",
      "    print(data.rstrip('\\n').replace('\\n', '|'), flush=True)");

  @TempDir
  Path dir;

  private ServerProcess receiver(Path socket) {
    assumeTrue(onPath("python3"), "python3 is not on PATH: no unix datagram receiver to stand in for systemd");
    return ServerProcess.command("python3", "-c", RECEIVER, socket.toString()).readyWhenStdoutMatches("^BOUND$").start()
        .awaitReady(Berth.START);
  }

  @Test
  void readyThenStopping() throws Exception {
    Path socket = dir.resolve("notify.sock");
    try (ServerProcess systemd = receiver(socket);
         ServerProcess berth = ServerProcess.command(Berth.command("serve", "--bind", "127.0.0.1:0"))
             .env("NOTIFY_SOCKET", socket.toString()).readyWhenStderrMatches(Berth.READY).start()) {
      berth.awaitReady(Berth.START);
      String ready = awaitDatagram(systemd, "READY=1");
      assertThat(ready).contains("STATUS=listening on http://127.0.0.1:" + Berth.listeningPorts(berth).get(0))
          .contains("MAINPID=" + berth.pid());
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(awaitDatagram(systemd, "STOPPING=1")).contains("STATUS=stopping on SIGTERM");
    }
  }

  @Test
  void aBindFailureSendsStatusAndErrno() throws Exception {
    Path socket = dir.resolve("notify.sock");
    try (ServerProcess systemd = receiver(socket);
         ForeignPortHolder holder = ForeignPortHolder.hold("127.0.0.1", 0)) {
      ServerProcess berth = ServerProcess.command(Berth.command("serve", "--bind", holder.endpoint()))
          .env("NOTIFY_SOCKET", socket.toString()).start();
      assertThat(berth.awaitExit(Berth.EXIT)).isEqualTo(75);
      String failure = awaitDatagram(systemd, "ERRNO=");
      assertThat(failure).contains("STATUS=cannot listen on " + holder.endpoint() + ": address already in use", "ERRNO=98");
      assertThat(systemd.stdoutLines()).noneMatch(l -> l.contains("READY=1"));
    }
  }

  @Test
  void reachingTheConnectionCapAndSheddingSlowClientsSetStatus() throws Exception {
    Path socket = dir.resolve("notify.sock");
    try (ServerProcess systemd = receiver(socket);
         ServerProcess berth = ServerProcess.command(Berth.command("serve", "--bind", "127.0.0.1:0",
                 "--max-connections", "2", "--header-timeout", "1s"))
             .env("NOTIFY_SOCKET", socket.toString()).readyWhenStderrMatches(Berth.READY).start()) {
      berth.awaitReady(Berth.START);
      int port = Berth.listeningPorts(berth).get(0);
      try (java.net.Socket a = new java.net.Socket("127.0.0.1", port);
           java.net.Socket b = new java.net.Socket("127.0.0.1", port)) {
        assertThat(awaitDatagram(systemd, "STATUS=connection cap reached"))
            .contains("2 connections open (--max-connections 2;", "LimitNOFILE=");
        assertThat(awaitDatagram(systemd, "STATUS=closed a connection whose request headers were not complete in time"))
            .contains("--header-timeout 1s");
      }
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  /** The whole line (one datagram) that contains {@code containing}. */
  private static String awaitDatagram(ServerProcess systemd, String containing) {
    return systemd.awaitOutput(Pattern.compile(".*" + Pattern.quote(containing) + ".*"), Berth.START).group();
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
