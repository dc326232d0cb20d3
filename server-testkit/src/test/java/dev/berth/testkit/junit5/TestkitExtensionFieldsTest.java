package dev.berth.testkit.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.NxdomainResponder;
import dev.berth.testkit.PortHolder;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Field fixtures: closed after the test or class that owns them, whatever the test's outcome. */
class TestkitExtensionFieldsTest {

  @Test
  void instanceFieldsAreStartedBeforeAndClosedAfterEachTest() {
    EngineExecutionResults results = Engine.run(PerTestFields.class);
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(PerTestFields.seen).hasSize(2);
    assertThat(PerTestFields.seen.get(0)).isNotSameAs(PerTestFields.seen.get(1));
    assertThat(PerTestFields.seen).allSatisfy(h -> assertThat(h.isHolding()).isFalse());
  }

  @Test
  void staticFieldsLiveForTheWholeClass() {
    EngineExecutionResults results = Engine.run(StaticField.class);
    results.testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(StaticField.stillHoldingAfterAll).containsExactly(true);
    assertThat(StaticField.HELD.isHolding()).isFalse();
  }

  @Test
  void perClassInstanceFieldsLiveForTheWholeClass() {
    EngineExecutionResults results = Engine.run(PerClassFields.class);
    results.testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(PerClassFields.ports).hasSize(2).containsOnly(PerClassFields.ports.get(0));
    assertThat(PerClassFields.instance.held.isHolding()).isFalse();
  }

  @Test
  void aFailingTestStillHasItsProcessKilled() {
    EngineExecutionResults results = Engine.run(FailingWithProcess.class);
    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(Engine.firstFailureMessage(results))
        .contains("expected exit code 0 but was 143")
        .contains("command: ")
        .contains("last 0 stderr lines: (none)");
    assertThat(FailingWithProcess.processes).hasSize(1);
    assertThat(FailingWithProcess.processes.get(0).isAlive()).isFalse();
  }

  @Test
  void fieldsAreManagedUnderParallelExecution() {
    EngineExecutionResults results = Engine.runParallel(ManyParallel.class);
    results.testEvents().assertStatistics(s -> s.succeeded(8));
    assertThat(ManyParallel.ports).hasSize(8).doesNotHaveDuplicates();
    assertThat(ManyParallel.holders).allSatisfy(h -> assertThat(h.isHolding()).isFalse());
  }

  @Test
  void annotatedNullFieldsAreInjectedStartedAndClosed() {
    EngineExecutionResults results = Engine.run(InjectedFields.class);
    results.testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(InjectedFields.seenPort.isHolding()).isFalse();
    assertThat(InjectedFields.seenPort.host()).isEqualTo("127.0.0.1");
    assertThat(InjectedFields.dns.isRunning()).isFalse();
  }

  @Test
  void anAnnotatedFieldOfTheWrongTypeFailsInOneLine() {
    EngineExecutionResults results = Engine.run(WrongFieldType.class);
    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(Engine.firstFailureMessage(results))
        .isEqualTo("@HeldPort needs a PortHolder or ForeignPortHolder field, not String name");
  }

  static class InjectedFields {
    static volatile PortHolder seenPort;
    @NxdomainDns static NxdomainResponder dns;
    @HeldPort PortHolder held;

    @Test
    void test() {
      assertThat(held.isHolding()).isTrue();
      assertThat(dns.isRunning()).isTrue();
      seenPort = held;
    }
  }

  @ExtendWith(TestkitExtension.class)
  static class WrongFieldType {
    @HeldPort String name;

    @Test
    void neverRuns() {}
  }

  @ExtendWith(TestkitExtension.class)
  static class PerTestFields {
    static final List<PortHolder> seen = new CopyOnWriteArrayList<>();
    PortHolder held = PortHolder.hold("127.0.0.1", 0);

    @Test
    void one() {
      assertThat(held.isHolding()).isTrue();
      seen.add(held);
    }

    @Test
    void two() {
      assertThat(held.isHolding()).isTrue();
      seen.add(held);
    }
  }

  @ExtendWith(TestkitExtension.class)
  static class StaticField {
    static final PortHolder HELD = PortHolder.hold("127.0.0.1", 0);
    static final List<Boolean> stillHoldingAfterAll = new CopyOnWriteArrayList<>();

    @AfterAll
    static void afterAll() {
      stillHoldingAfterAll.add(HELD.isHolding());
    }

    @Test
    void one() {
      assertThat(HELD.isHolding()).isTrue();
    }

    @Test
    void two() {
      assertThat(HELD.isHolding()).isTrue();
    }
  }

  @ExtendWith(TestkitExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassFields {
    static final List<Integer> ports = new CopyOnWriteArrayList<>();
    static PerClassFields instance;
    final PortHolder held = PortHolder.hold("127.0.0.1", 0);

    @Test
    void one() {
      instance = this;
      ports.add(held.port());
    }

    @Test
    void two() {
      instance = this;
      ports.add(held.port());
    }
  }

  @ExtendWith(TestkitExtension.class)
  static class FailingWithProcess {
    static final List<ServerProcess> processes = new CopyOnWriteArrayList<>();
    final ServerProcess sleeper = ServerProcess.command("sleep", "600").start();

    @Test
    void fails() {
      processes.add(sleeper);
      sleeper.signal(Signal.TERM).assertExitCode(0, Duration.ofSeconds(30));
    }
  }

  @ExtendWith(TestkitExtension.class)
  static class ManyParallel {
    static final List<Integer> ports = new CopyOnWriteArrayList<>();
    static final List<PortHolder> holders = new CopyOnWriteArrayList<>();
    final PortHolder held = PortHolder.hold("127.0.0.1", 0);

    private void use() throws InterruptedException {
      holders.add(held);
      ports.add(held.port());
      Thread.sleep(50);
      assertThat(held.isHolding()).isTrue();
    }

    @Test void t1() throws InterruptedException { use(); }
    @Test void t2() throws InterruptedException { use(); }
    @Test void t3() throws InterruptedException { use(); }
    @Test void t4() throws InterruptedException { use(); }
    @Test void t5() throws InterruptedException { use(); }
    @Test void t6() throws InterruptedException { use(); }
    @Test void t7() throws InterruptedException { use(); }
    @Test void t8() throws InterruptedException { use(); }
  }
}
