package dev.berth.server;

import dev.berth.server.internal.bind.Endpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1:8080        | 127.0.0.1:8080",
      "0.0.0.0:0             | 0.0.0.0:0",
      "[::1]:8080            | [::1]:8080",
      "[0:0:0:0:0:0:0:1]:80  | [::1]:80",
      "[2001:DB8:0:0:1::1]:1 | [2001:db8::1:0:0:1]:1",
      "[::]:65535            | [::]:65535",
      "LocalHost:9           | localhost:9",
      "api.example.com.:443  | api.example.com:443",
      "unix:/run/app.sock    | unix:/run/app.sock",
      "unix:/run//x/../app.sock | unix:/run/app.sock",
      "UNIX:relative.sock    | unix:relative.sock",
  })
  void parsesToCanonicalTextThatRoundTrips(String text, String canonical) {
    Endpoint endpoint = Endpoint.parse(text);
    assertThat(endpoint).hasToString(canonical);
    assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
  }

  @Test
  void tcpAndUnixAreDistinctTypes() {
    assertThat(Endpoint.parse("127.0.0.1:1")).isEqualTo(new TcpEndpoint("127.0.0.1", 1));
    assertThat(Endpoint.parse("unix:/tmp/a.sock")).isEqualTo(new UnixEndpoint(Path.of("/tmp/a.sock")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1:70000   | port 70000 is out of range 0-65535",
      "127.0.0.1:-1      | port -1 is out of range 0-65535",
      "127.0.0.1:65536   | port 65536 is out of range 0-65535",
      "127.0.0.1:abc     | port 'abc' is not a number",
      "127.0.0.1:        | no port after ':'",
      "127.0.0.1         | no port",
      "1.2.3.999:80      | '1.2.3.999' is not a valid IPv4 address",
      "1.2.3:80          | '1.2.3' is not a valid IPv4 address",
      "010.0.0.1:80      | '010.0.0.1' is not a valid IPv4 address",
      "[::1:80           | no closing ']'",
      "[::g]:80          | '::g' in brackets is not an IPv6 address",
      "[1:2:3:4:5:6:7:8:9]:80 | is not a valid IPv6 address",
      "::1:80            | an IPv6 address needs brackets",
      ":8080             | no host before the port",
      "bad_host:80       | 'bad_host' is not a valid host name",
      "-lead.example:80  | is not a valid host name",
      "unix:             | no socket path after 'unix:'",
      "unix:@abstract    | abstract-namespace sockets are not supported",
      "unix:/run/        | the path names a directory",
  })
  void rejectsBadTextWithAMessageNamingTheInput(String text, String problem) {
    assertThatThrownBy(() -> Endpoint.parse(text))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageStartingWith("invalid endpoint '" + text.strip() + "'")
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void rejectsEmptyText(String text) {
    assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(InvalidEndpointException.class).hasMessageContaining("empty");
  }

  @Test
  void rejectsTooLongHostNames() {
    String name = ("a".repeat(60) + ".").repeat(5) + "com";
    assertThatThrownBy(() -> Endpoint.parse(name + ":80")).hasMessageContaining("longer than 253");
  }

  @Test
  void duplicatesAreUsageErrorsButEveryPortZeroIsItsOwn() {
    Endpoints.requireDistinct(Endpoint.parseAll(List.of("127.0.0.1:0", "127.0.0.1:0", "[::1]:0")));
    assertThatThrownBy(() -> Endpoints.requireDistinct(Endpoint.parseAll(List.of("127.0.0.1:8080", "[::1]:8080", "127.0.0.1:8080"))))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessage("invalid endpoint '127.0.0.1:8080': listed more than once; give each endpoint once (use port 0 more than once for several free ports)");
    assertThatThrownBy(() -> Endpoints.requireDistinct(Endpoint.parseAll(List.of("unix:/tmp/a.sock", "unix:/tmp/./a.sock"))))
        .hasMessageContaining("listed more than once");
    assertThatThrownBy(() -> Endpoints.requireDistinct(Endpoint.parseAll(List.of("[::1]:9", "[0::1]:9"))))
        .hasMessageContaining("listed more than once");
  }

  @Test
  void knowsWildcardsAndLiterals() {
    assertThat(((TcpEndpoint) Endpoint.parse("0.0.0.0:1")).isWildcard()).isTrue();
    assertThat(((TcpEndpoint) Endpoint.parse("[::]:1")).isWildcard()).isTrue();
    assertThat(((TcpEndpoint) Endpoint.parse("localhost:1")).isIpLiteral()).isFalse();
    assertThat(((TcpEndpoint) Endpoint.parse("[fe80::1%lo]:1")).isIpLiteral()).isTrue();
  }
}
