package dev.berth.server;

import dev.berth.server.internal.inherit.InheritedSockets;
import dev.berth.server.internal.bind.Endpoints;
import dev.berth.server.internal.inherit.ListenFds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The inherited endpoint forms parse, round-trip and reject what could never name a socket. */
class InheritedEndpointTest {

  @ParameterizedTest
  @ValueSource(strings = {"systemd", "systemd:web", "systemd:my.socket", "fd:3", "fd:12"})
  void parsesAndRoundTrips(String text) {
    Endpoint e = Endpoint.parse(text);
    assertThat(e).isInstanceOf(InheritedEndpoint.class);
    assertThat(e.toString()).isEqualTo(text);
    assertThat(Endpoint.parse(e.toString())).isEqualTo(e);
  }

  @Test
  void formsMeanWhatTheySay() {
    assertThat(Endpoint.parse("SYSTEMD")).isEqualTo(new InheritedEndpoint(InheritedEndpoint.Source.SYSTEMD, null, -1));
    assertThat(Endpoint.parse("systemd:web")).isEqualTo(new InheritedEndpoint(InheritedEndpoint.Source.SYSTEMD, "web", -1));
    assertThat(Endpoint.parse("fd:4")).isEqualTo(new InheritedEndpoint(InheritedEndpoint.Source.FD, null, 4));
    assertThat(Endpoint.parse("systemd.:8080")).as("a host named systemd, written with a trailing dot").isInstanceOf(TcpEndpoint.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fd:0", "fd:2", "fd:", "fd:-3", "fd:x", "fd:3a", "fd:9999999999", "systemd:", "systemd:a:b", "systemd:a b"})
  void rejectsWhatCannotNameASocket(String text) {
    assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(InvalidEndpointException.class).hasMessageContaining(text);
  }

  @Test
  void theSameFormTwiceIsADuplicate() {
    assertThatThrownBy(() -> Endpoints.requireDistinct(Endpoint.parseAll(List.of("fd:3", "fd:3"))))
        .isInstanceOf(InvalidEndpointException.class).hasMessageContaining("listed more than once");
  }

  @Test
  void listenPidMustBeThisProcess() {
    assertThatThrownBy(() -> ListenFds.read(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42))
        .hasMessage("LISTEN_PID=41 is not this process (pid 42): the sockets were passed to another process");
    assertThatThrownBy(() -> ListenFds.read(Map.of("LISTEN_FDS", "1"), 42)).hasMessageContaining("LISTEN_PID is not");
    assertThatThrownBy(() -> ListenFds.read(Map.of("LISTEN_PID", "42"), 42)).hasMessageContaining("LISTEN_FDS is not set");
    assertThatThrownBy(() -> ListenFds.read(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "x"), 42)).hasMessageContaining("not a number");
  }

  @Test
  void descriptorsStartAtThreeWithTheirNames() {
    ListenFds fds = ListenFds.read(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "3", "LISTEN_FDNAMES", "web::admin"), 42);
    assertThat(fds.passed()).containsExactly(new ListenFds.Passed(3, "web"), new ListenFds.Passed(4, "unknown"), new ListenFds.Passed(5, "admin"));
  }

  @Test
  void noInheritedEndpointMeansTheEnvironmentIsNeverRead() {
    // LISTEN_PID of another process would be a failure if it were read.
    InheritedSockets sockets = InheritedSockets.resolve(Endpoint.parseAll(List.of("127.0.0.1:0")),
        Map.of("LISTEN_PID", "1", "LISTEN_FDS", "1"), 42);
    assertThat(sockets.any()).isFalse();
    assertThat(sockets.endpoints()).containsExactly(Endpoint.parse("127.0.0.1:0"));
  }
}
