package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressesTest {

  @Test
  void nonLocalIPv4IsATestNetAddressNotOnThisHost() {
    String address = Addresses.nonLocalIPv4();
    assertThat(address).isIn("192.0.2.1", "198.51.100.1", "203.0.113.1");
    assertThat(Addresses.isLocal(address)).isFalse();
    assertThat(Sockets.bindError(address, 0)).get().asString().contains("Cannot assign requested address");
  }

  @Test
  void loopbackIsLocal() {
    assertThat(Addresses.isLocal("127.0.0.1")).isTrue();
  }

  @Test
  void unresolvableHostsAreFreshInvalidNames() {
    String a = Addresses.unresolvableHost();
    String b = Addresses.unresolvableHost();
    // Not resolved here on purpose: that would send a query to the host's resolver, off the machine.
    // NxdomainResponderTest resolves such names against the loopback responder instead.
    assertThat(a).matches("berth-[0-9a-f]+\\.invalid").isNotEqualTo(b);
  }
}
