package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PortHolderTest {

  @Test
  void loopbackV4BlocksABindOfTheSamePort() {
    try (PortHolder holder = PortHolder.hold("127.0.0.1", 0)) {
      assertThat(holder.port()).isBetween(1, 65535);
      assertThat(holder.host()).isEqualTo("127.0.0.1");
      assertThat(holder.endpoint()).isEqualTo("127.0.0.1:" + holder.port());
      assertThat(Sockets.bindError("127.0.0.1", holder.port())).get().asString().contains("Address already in use");
      assertThat(Sockets.defaultBindError("127.0.0.1", holder.port())).isPresent();
    }
  }

  @Test
  void closeReleasesThePortAndIsIdempotent() throws InterruptedException {
    PortHolder holder = PortHolder.hold("127.0.0.1", 0);
    int port = holder.port();
    holder.close();
    holder.close();
    assertThat(holder.isHolding()).isFalse();
    assertThat(holder.port()).isEqualTo(port);
    Sockets.awaitBindableAfterRelease("127.0.0.1", port);
  }

  @Test
  void holdingAnOccupiedPortFailsWithTheReason() {
    try (PortHolder first = PortHolder.hold("127.0.0.1", 0)) {
      assertThatThrownBy(() -> PortHolder.hold("127.0.0.1", first.port()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot hold 127.0.0.1:" + first.port())
          .hasMessageContaining("Address already in use");
    }
  }

  @Test
  void holdingANonLocalAddressFails() {
    assertThatThrownBy(() -> PortHolder.hold(Addresses.nonLocalIPv4(), 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot assign requested address");
  }

  @Test
  void rejectsPortsOutOfRange() {
    assertThatThrownBy(() -> PortHolder.hold("127.0.0.1", 65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PortHolder.hold("127.0.0.1", -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loopbackV6UsesBracketedEndpoint() {
    assumeTrue(Sockets.ipv6Available(), "IPv6 loopback ::1 is not available in this JVM or host");
    try (PortHolder holder = PortHolder.hold("::1", 0)) {
      assertThat(holder.host()).isEqualTo("::1");
      assertThat(holder.endpoint()).isEqualTo("[::1]:" + holder.port());
      assertThat(Sockets.bindError("::1", holder.port())).isPresent();
    }
  }

  @Test
  void wildcardV4IsIpv4Only() {
    assumeTrue(Sockets.ipv6Available(), "IPv6 loopback ::1 is not available in this JVM or host");
    try (PortHolder holder = PortHolder.hold("0.0.0.0", 0)) {
      assertThat(holder.endpoint()).isEqualTo("0.0.0.0:" + holder.port());
      assertThat(Sockets.bindError("127.0.0.1", holder.port())).isPresent();
      assertThat(Sockets.bindError("::1", holder.port())).isEmpty();
    }
  }

  @Test
  void wildcardV6IsDualStack() {
    assumeTrue(Sockets.ipv6Available(), "IPv6 loopback ::1 is not available in this JVM or host");
    try (PortHolder holder = PortHolder.hold("::", 0)) {
      assertThat(holder.endpoint()).isEqualTo("[::]:" + holder.port());
      assertThat(Sockets.bindError("127.0.0.1", holder.port())).isPresent();
      assertThat(Sockets.bindError("::1", holder.port())).isPresent();
    }
  }

  @Test
  void manyHoldersFromManyThreadsGetDistinctBlockedPorts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<PortHolder>> futures = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      futures.add(pool.submit(() -> PortHolder.hold("127.0.0.1", 0)));
    }
    Set<Integer> ports = new HashSet<>();
    List<PortHolder> holders = new ArrayList<>();
    try {
      for (Future<PortHolder> f : futures) {
        holders.add(f.get());
      }
      holders.forEach(h -> ports.add(h.port()));
      assertThat(ports).hasSize(64);
    } finally {
      holders.forEach(PortHolder::close);
      pool.shutdownNow();
    }
  }
}
