package dev.berth.cli;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.RawHttp;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults that keep a user safe without asking, checked through the real CLI: loopback
 * only, no port sharing, unix sockets not open to everyone. (No stack traces in HTTP errors:
 * {@link HostileClientProcessTest}.)
 */
class SafeDefaultsProcessTest {

  private static final int SOCKET_TYPE = 0140000;

  @TempDir
  Path dir;

  @Test
  void withoutBindTheDefaultEndpointIsLoopbackOnly() throws IOException {
    Path report = dir.resolve("report.json");
    ServerProcess check = Berth.run("check", "--report", report.toString());
    // 8080 may be busy on this machine: either way, the endpoint tried is loopback.
    assertThat(check.awaitExit(Berth.EXIT)).as(check.stderr() + check.stdout()).isIn(0, 75);
    assertThat(check.stdoutLines()).singleElement().asString().contains("127.0.0.1:8080").doesNotContain("0.0.0.0");
    assertThat(Files.readString(report)).contains("\"127.0.0.1:8080\"").doesNotContain("0.0.0.0", "[::]");
  }

  @Test
  void reusePortIsOffSoAnotherSocketCannotShareThePort() throws IOException {
    // Control: two SO_REUSEPORT sockets of one user do share a port on this kernel, so the
    // refusal below is berth's socket lacking the option, not a kernel without it.
    try (ServerSocketChannel a = reusePortSocket(); ServerSocketChannel b = reusePortSocket()) {
      a.bind(new InetSocketAddress("127.0.0.1", 0));
      b.bind(a.getLocalAddress());
    }
    try (ServerProcess berth = Berth.serve("--bind", "127.0.0.1:0").awaitReady(Berth.START);
         ServerSocketChannel intruder = reusePortSocket()) {
      int port = Berth.listeningPorts(berth).get(0);
      assertThatThrownBy(() -> intruder.bind(new InetSocketAddress("127.0.0.1", port))).isInstanceOf(BindException.class);
      assertThat(RawHttp.get(port, "/")).startsWith("HTTP/1.1 200");
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
    }
  }

  @Test
  void aUnixSocketIsCreatedWithMode0660ByDefault() throws Exception {
    assertThat(socketModeOf(dir.resolve("default.sock"))).isEqualTo("rw-rw----");
  }

  @Test
  void socketModeSetsTheModeOfTheCreatedSocket() throws Exception {
    assertThat(socketModeOf(dir.resolve("private.sock"), "--socket-mode", "0600")).isEqualTo("rw-------");
  }

  private static String socketModeOf(Path socket, String... more) throws IOException {
    String[] args = new String[more.length + 2];
    args[0] = "--bind";
    args[1] = "unix:" + socket;
    System.arraycopy(more, 0, args, 2, more.length);
    try (ServerProcess berth = Berth.serve(args).awaitReady(Berth.START)) {
      int mode = (Integer) Files.getAttribute(socket, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
      assertThat(mode & 0170000).as("a socket file").isEqualTo(SOCKET_TYPE);
      String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS));
      berth.signal(Signal.TERM);
      berth.assertExitCode(0, Berth.EXIT);
      assertThat(socket).as("removed on a clean stop").doesNotExist();
      return permissions;
    }
  }

  private static ServerSocketChannel reusePortSocket() throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
    return channel;
  }
}
