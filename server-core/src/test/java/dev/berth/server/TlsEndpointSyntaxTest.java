package dev.berth.server;

import dev.berth.server.internal.bind.Endpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The scheme part of endpoint text: https:// is TLS, http:// and none are plain, unix takes none. */
class TlsEndpointSyntaxTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://127.0.0.1:8443  | https://127.0.0.1:8443 | true",
      "HTTPS://[::1]:443/      | https://[::1]:443      | true",
      "https://LocalHost:0     | https://localhost:0    | true",
      "http://127.0.0.1:8080   | 127.0.0.1:8080         | false",
      "127.0.0.1:8080          | 127.0.0.1:8080         | false",
  })
  void schemeDecidesTlsAndTheCanonicalTextRoundTrips(String text, String canonical, boolean tls) {
    TcpEndpoint endpoint = (TcpEndpoint) Endpoint.parse(text);
    assertThat(endpoint.tls()).isEqualTo(tls);
    assertThat(endpoint).hasToString(canonical);
    assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
  }

  @Test
  void theSameSocketWithAndWithoutTlsIsADuplicate() {
    assertThatThrownBy(() -> Endpoints.requireDistinct(List.of(Endpoint.parse("127.0.0.1:8443"), Endpoint.parse("https://127.0.0.1:8443"))))
        .isInstanceOf(InvalidEndpointException.class).hasMessageContaining("listed more than once");
  }

  @Test
  void aUnixEndpointTakesNoScheme() {
    assertThatThrownBy(() -> Endpoint.parse("https://unix:/run/app.sock"))
        .isInstanceOf(InvalidEndpointException.class).hasMessageContaining("a unix socket endpoint takes no scheme");
  }

  @Test
  void aSchemeStillNeedsAValidPort() {
    assertThatThrownBy(() -> Endpoint.parse("https://127.0.0.1:70000"))
        .isInstanceOf(InvalidEndpointException.class).hasMessageContaining("out of range");
  }
}
