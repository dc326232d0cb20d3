package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Addresses;
import dev.berth.testkit.NxdomainResponder;
import dev.berth.testkit.PortHolder;
import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every TCP failure reason, produced for real (a port really held, an address really not
 * local, a name really not resolving) on both transports.
 */
class BindFailuresTest {

  private static final long OUR_PID = ProcessHandle.current().pid();

  @ParameterizedTest
  @EnumSource(Transport.class)
  void portHeldOnIpv4IsInUseAndTheHolderIsNamed(Transport transport) {
    try (PortHolder holder = PortHolder.hold("127.0.0.1", 0)) {
      BindFailure f = Bind.failureOf(transport.builder().bind(holder.endpoint()), transport);
      assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
      assertThat(f.errnoText()).isEqualTo("EADDRINUSE (98)");
      assertThat(f.osMessage()).isEqualTo("Address already in use");
      assertThat(f.attempts()).isEqualTo(1);
      assertThat(f.holderIfKnown()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(OUR_PID));
      // The holder is this test JVM: said as such, never as a pid a reader would take for someone else.
      assertThat(f.hint()).contains(BindFailure.Holder.THIS_PROCESS).doesNotContain("pid " + OUR_PID);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void portHeldOnIpv6IsInUse(Transport transport) {
    assumeIpv6Loopback();
    try (PortHolder holder = PortHolder.hold("::1", 0)) {
      BindFailure f = Bind.failureOf(transport.builder().bind("[::1]:" + holder.port()), transport);
      assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
      assertThat(f.errno()).isEqualTo("EADDRINUSE");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void wildcardHolderBlocksASpecificAddress(Transport transport) {
    try (PortHolder holder = PortHolder.hold("0.0.0.0", 0)) {
      BindFailure f = Bind.failureOf(transport.builder().bind("127.0.0.1:" + holder.port()), transport);
      assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void specificHolderBlocksTheWildcard(Transport transport) {
    try (PortHolder holder = PortHolder.hold("127.0.0.1", 0)) {
      BindFailure f = Bind.failureOf(transport.builder().bind("0.0.0.0:" + holder.port()), transport);
      assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void ipv6WildcardHolderBlocksIpv6Loopback(Transport transport) {
    assumeIpv6Loopback();
    try (PortHolder holder = PortHolder.hold("::", 0)) {
      BindFailure f = Bind.failureOf(transport.builder().bind("[::1]:" + holder.port()), transport);
      assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void addressNotOnThisHostIsNotAvailable(Transport transport) {
    String address = Addresses.nonLocalIPv4();
    BindFailure f = Bind.failureOf(transport.builder().bind(address + ":0"), transport);
    assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_NOT_AVAILABLE);
    assertThat(f.errnoText()).isEqualTo("EADDRNOTAVAIL (99)");
    assertThat(f.osMessage()).isEqualTo("Cannot assign requested address");
    assertThat(f.hint()).contains(address + " is not an address of this host");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void unresolvableNameIsHostUnresolvedAndNoQueryLeavesTheMachine(Transport transport) {
    try (NxdomainResponder dns = NxdomainResponder.start()) {
      VertxOptions options = new VertxOptions().setAddressResolverOptions(new AddressResolverOptions()
          .addServer(dns.hostAndPort()).setQueryTimeout(2000).setMaxQueries(2));
      String host = Addresses.unresolvableHost();
      BindFailure f = Bind.failureOf(transport.builder(options).bind(host + ":0"), transport);
      assertThat(f.reason()).isEqualTo(FailureReason.HOST_UNRESOLVED);
      assertThat(f.errno()).isNull();
      assertThat(f.osMessage()).contains(host);
      assertThat(dns.queriesAnswered()).as("the lookup went to the loopback responder").isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void ipv6InAnIpv4OnlyJvmIsNotAvailableAndSaysWhy(Transport transport) {
    org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("java.net.preferIPv4Stack"),
        "only meaningful in a JVM run with -Djava.net.preferIPv4Stack=true (CI's IPv4-only pass)");
    BindFailure f = Bind.failureOf(transport.builder().bind("[::1]:0"), transport);
    assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_NOT_AVAILABLE);
    assertThat(f.errno()).isIn("EAFNOSUPPORT", "EADDRNOTAVAIL");
    assertThat(f.hint()).contains("preferIPv4Stack");
  }

  static void assumeIpv6Loopback() {
    boolean present;
    try {
      present = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
          .anyMatch(a -> a instanceof Inet6Address && a.isLoopbackAddress());
    } catch (SocketException e) {
      present = false;
    }
    assumeTrue(present && !Boolean.getBoolean("java.net.preferIPv4Stack"),
        "IPv6 loopback ::1 is not configured here (or -Djava.net.preferIPv4Stack=true)");
  }

}
