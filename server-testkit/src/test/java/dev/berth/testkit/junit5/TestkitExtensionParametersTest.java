package dev.berth.testkit.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.NxdomainResponder;
import dev.berth.testkit.PortHolder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Parameter fixtures: created started, closed when their test or class ends. */
class TestkitExtensionParametersTest {

  @Test
  void injectsStartedFixturesAndClosesThemAfterTheTest() {
    EngineExecutionResults results = Engine.run(Injected.class);
    results.testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(Injected.plain.isHolding()).isFalse();
    assertThat(Injected.plain.host()).isEqualTo("127.0.0.1");
    assertThat(Injected.wildcard.endpoint()).startsWith("0.0.0.0:");
    assertThat(Injected.wildcard.isHolding()).isFalse();
    assertThat(Injected.foreign.isAlive()).isFalse();
    assertThat(Injected.dns.isRunning()).isFalse();
  }

  @Test
  void beforeAllParametersLiveForTheClass() {
    EngineExecutionResults results = Engine.run(ClassScoped.class);
    results.testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(ClassScoped.holder.isHolding()).isFalse();
    assertThat(ClassScoped.holdingDuringTest).containsExactly(true);
  }

  @Test
  void heldPortOnAWrongTypeFailsWithAOneLineReason() {
    EngineExecutionResults results = Engine.run(WrongType.class);
    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(Engine.firstFailureMessage(results))
        .contains("@HeldPort needs a PortHolder or ForeignPortHolder parameter, not int");
  }

  @Test
  void aPortThatCannotBeHeldFailsNamingTheParameter() {
    EngineExecutionResults results = Engine.run(Unholdable.class);
    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(Engine.firstFailureMessage(results))
        .startsWith("cannot provide PortHolder ")
        .contains("cannot hold 192.0.2.1:0: Cannot assign requested address");
  }

  static class Injected {
    static volatile PortHolder plain;
    static volatile PortHolder wildcard;
    static volatile ForeignPortHolder foreign;
    static volatile NxdomainResponder dns;

    @Test
    void ports(@HeldPort PortHolder plain, @HeldPort(host = "0.0.0.0") PortHolder wildcard) {
      assertThat(plain.isHolding()).isTrue();
      assertThat(wildcard.isHolding()).isTrue();
      Injected.plain = plain;
      Injected.wildcard = wildcard;
    }

    @Test
    void dnsAndForeign(@NxdomainDns NxdomainResponder dns, @HeldPort ForeignPortHolder foreign) {
      assertThat(dns.port()).isPositive();
      assertThat(foreign.isAlive()).isTrue();
      Injected.foreign = foreign;
      Injected.dns = dns;
    }
  }

  static class ClassScoped {
    static PortHolder holder;
    static final List<Boolean> holdingDuringTest = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void hold(@HeldPort PortHolder held) {
      holder = held;
    }

    @Test
    void test() {
      holdingDuringTest.add(holder.isHolding());
    }
  }

  static class WrongType {
    @Test
    void test(@HeldPort int port) {}
  }

  static class Unholdable {
    @Test
    void test(@HeldPort(host = "192.0.2.1") PortHolder held) {}
  }
}
