package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile endpoint text: whatever a user types, parsing either yields an endpoint whose
 * canonical text round-trips, or one clear line naming the input — never another
 * exception, never a multi-line message.
 */
class EndpointPropertiesTest {

  @Property(tries = 3000)
  void anyTextParsesToARoundTrippingEndpointOrOneClearLine(@ForAll("endpointish") String text) {
    Endpoint endpoint;
    try {
      endpoint = Endpoint.parse(text);
    } catch (InvalidEndpointException e) {
      assertThat(e.getMessage()).startsWith("invalid endpoint '").doesNotContain("\n").doesNotContain("\r");
      assertThat(e.input()).isNotNull();
      return;
    }
    assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
    assertThat(Endpoint.parse(endpoint.toString()).toString()).isEqualTo(endpoint.toString());
  }

  @Property(tries = 500)
  void portsAreAcceptedExactlyInRange(@ForAll @IntRange(min = -100_000, max = 200_000) int port) {
    boolean accepted;
    try {
      accepted = ((TcpEndpoint) Endpoint.parse("127.0.0.1:" + port)).port() == port;
    } catch (InvalidEndpointException e) {
      accepted = false;
    }
    assertThat(accepted).isEqualTo(port >= 0 && port <= 65535);
  }

  @Provide
  Arbitrary<String> endpointish() {
    Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789abcdefABCDEF.:[]%-_/@ \t\nunix:xyz").ofMaxLength(40);
    Arbitrary<String> octet = Arbitraries.integers().between(-5, 300).map(String::valueOf);
    Arbitrary<String> ipv4 = Combinators.combine(octet, octet, octet, octet).as((a, b, c, d) -> a + "." + b + "." + c + "." + d);
    Arbitrary<String> hextet = Arbitraries.strings().withChars("0123456789abcdefg").ofMinLength(0).ofMaxLength(5);
    Arbitrary<String> ipv6 = hextet.list().ofMinSize(1).ofMaxSize(10).map(l -> "[" + String.join(":", l) + "]");
    Arbitrary<String> name = Arbitraries.strings().withChars("abcxyz019-_.").ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> host = Arbitraries.oneOf(ipv4, ipv6, name, Arbitraries.just(""));
    Arbitrary<String> port = Arbitraries.oneOf(Arbitraries.integers().between(-2, 70_000).map(String::valueOf),
        Arbitraries.strings().withChars("0123456789x-+ ").ofMaxLength(7));
    Arbitrary<String> tcp = Combinators.combine(host, port).as((h, p) -> h + ":" + p);
    Arbitrary<String> unix = Arbitraries.strings().withChars("/abc.@ \u0000-").ofMaxLength(30).map(p -> "unix:" + p);
    return Arbitraries.oneOf(noise, tcp, unix);
  }
}
