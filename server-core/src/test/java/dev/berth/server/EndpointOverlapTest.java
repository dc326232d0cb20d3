package dev.berth.server;

import dev.berth.server.internal.bind.Endpoints;
import dev.berth.server.internal.bind.AddressOverlap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Endpoints one server can never bind together are a usage error at build(), naming both. */
class EndpointOverlapTest {

  private static BerthServerBuilder builder(String... endpoints) {
    return BerthServer.builder().bind(endpoints).handler(r -> r.response().end());
  }

  @Test
  void aWildcardAndAnAddressOfItsFamilyOverlap() {
    assertThatThrownBy(() -> builder("0.0.0.0:8080", "127.0.0.1:8080").build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessage("invalid endpoint '127.0.0.1:8080': overlaps 0.0.0.0:8080: 0.0.0.0 covers every address of its family,"
            + " so one server can never listen on both; keep one of them, or give them different ports");
    assertThatThrownBy(() -> builder("[::1]:8080", "[::]:8080").build())
        .isInstanceOf(InvalidEndpointException.class).hasMessageContaining("'[::]:8080': overlaps [::1]:8080");
  }

  @Test
  void theIpv6WildcardCoversIpv4OnlyWhenTheKernelSaysSo() {
    if (AddressOverlap.v6Only()) {
      assertThatCode(() -> builder("[::]:8080", "0.0.0.0:8080").build()).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> builder("[::]:8080", "0.0.0.0:8080").build())
          .isInstanceOf(InvalidEndpointException.class).hasMessageContaining("(net.ipv6.bindv6only is 0)");
      assertThatThrownBy(() -> builder("127.0.0.1:8080", "[::]:8080").build()).isInstanceOf(InvalidEndpointException.class);
    }
  }

  @Test
  void differentPortsPortZeroAndDifferentAddressesAreFine() {
    assertThatCode(() -> builder("0.0.0.0:8080", "127.0.0.1:8081").build()).doesNotThrowAnyException();
    assertThatCode(() -> builder("0.0.0.0:0", "127.0.0.1:0", "[::]:0").build()).doesNotThrowAnyException();
    assertThatCode(() -> builder("127.0.0.1:8080", "127.0.0.2:8080", "[::1]:8080").build()).doesNotThrowAnyException();
    // A name is only known to overlap once it resolves: start() decides (OverlapRaceTest).
    assertThatCode(() -> builder("localhost:8080", "127.0.0.1:8080").build()).doesNotThrowAnyException();
  }

  @Test
  void theCliUsesTheSameCheck() {
    assertThatThrownBy(() -> Endpoints.requireDistinct(List.of(Endpoint.parse("0.0.0.0:9"), Endpoint.parse("127.0.0.1:9"))))
        .isInstanceOf(InvalidEndpointException.class);
    assertThat(ExitCode.of(new InvalidEndpointException("a", "b", ""))).isEqualTo(ExitCode.USAGE);
  }
}
