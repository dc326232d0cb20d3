package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.UnixSocketHolder;
import dev.berth.testkit.UnixSockets;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Unix socket paths are never unlinked blindly, on either transport: epoll's bind would
 * delete whatever is at the path, so these tests put a live server, a stale socket and a
 * regular file there for real and check what is left afterwards.
 */
class UnixSocketBindTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Transport.class)
  void servesOnASocketFileItCreatesAndRemovesItOnStop(Transport transport) throws IOException {
    Path path = dir.resolve("app.sock");
    BerthServer server = transport.builder().bind("unix:" + path).build();
    BindReport report = Bind.started(server);
    assertThat(report.bound().get(0).address()).isEqualTo("unix:" + path);
    assertThat(report.bound().get(0).port()).isEqualTo(-1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-rw----");
    assertThat(httpGet(path)).startsWith("HTTP/1.1 200").endsWith("ok");
    Bind.stop(server);
    assertThat(path).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void missingDirectoryIsASocketPathProblem(Transport transport) {
    Path path = dir.resolve("no-such-dir/app.sock");
    BindFailure f = Bind.failureOf(transport.builder().bind("unix:" + path), transport);
    assertThat(f.reason()).isEqualTo(FailureReason.SOCKET_PATH);
    assertThat(f.errnoText()).isEqualTo("ENOENT (2)");
    assertThat(f.hint()).contains("does not exist; create it first");
    assertThat(path.getParent()).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void tooLongPathIsASocketPathProblem(Transport transport) {
    Path path = dir.resolve("x".repeat(120) + ".sock");
    BindFailure f = Bind.failureOf(transport.builder().bind("unix:" + path), transport);
    assertThat(f.reason()).isEqualTo(FailureReason.SOCKET_PATH);
    assertThat(f.errno()).isEqualTo("ENAMETOOLONG");
    assertThat(f.hint()).contains("limited to 107 bytes");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void liveListenerIsInUseAndStaysReachable(Transport transport) {
    Path path = dir.resolve("live.sock");
    try (UnixSocketHolder live = UnixSocketHolder.hold(path)) {
      BindFailure f = Bind.failureOf(transport.builder().bind("unix:" + path), transport);
      assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
      assertThat(f.errno()).isEqualTo("EADDRINUSE");
      assertThat(f.holderIfKnown()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid()));
      assertThat(live.isReachable()).as("the live server still owns its path").isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void staleSocketFileIsReplaced(Transport transport) throws IOException {
    Path path = UnixSockets.createStale(dir.resolve("stale.sock"));
    BerthServer server = transport.builder().bind("unix:" + path).build();
    Bind.started(server);
    assertThat(httpGet(path)).startsWith("HTTP/1.1 200");
    Bind.stop(server);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void regularFileIsRefusedAndLeftUntouched(Transport transport) throws IOException {
    Path path = dir.resolve("data.txt");
    Files.writeString(path, "precious");
    BindFailure f = Bind.failureOf(transport.builder().bind("unix:" + path), transport);
    assertThat(f.reason()).isEqualTo(FailureReason.SOCKET_PATH);
    assertThat(f.osMessage()).contains("is a regular file, not a socket");
    assertThat(path).hasContent("precious");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void directoryAtThePathIsRefusedAndLeftUntouched(Transport transport) throws IOException {
    Path path = Files.createDirectory(dir.resolve("sub.sock"));
    BindFailure f = Bind.failureOf(transport.builder().bind("unix:" + path), transport);
    assertThat(f.reason()).isEqualTo(FailureReason.SOCKET_PATH);
    assertThat(path).isDirectory();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void socketReplacedByAnotherServerIsNotRemovedOnStop(Transport transport) throws IOException {
    Path path = dir.resolve("moved.sock");
    BerthServer server = transport.builder().bind("unix:" + path).build();
    Bind.started(server);
    // An operator moves the path to a new server while ours still runs.
    Files.delete(path);
    try (UnixSocketHolder other = UnixSocketHolder.hold(path)) {
      Bind.stop(server);
      assertThat(other.isReachable()).as("stop removed only its own socket file").isTrue();
    }
  }

  static String httpGet(Path socket) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      StringBuilder text = new StringBuilder();
      while (channel.read(buffer) > 0) {
        buffer.flip();
        text.append(StandardCharsets.US_ASCII.decode(buffer));
        buffer.clear();
      }
      return text.toString();
    }
  }
}
