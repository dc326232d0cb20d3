package dev.berth.testkit.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.PortHolder;
import dev.berth.testkit.Privilege;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The annotations that decide whether and when a test may run. */
class ConditionsProcessTest {

  @Test
  void requiresUnprivilegedBindRefusalFollowsTheRealProbe() {
    EngineExecutionResults results = Engine.run(NeedsRefusal.class);
    Optional<String> reason = Privilege.privilegedBindRefusal();
    if (reason.isEmpty()) {
      results.testEvents().assertStatistics(s -> s.succeeded(1).skipped(0));
    } else {
      results.testEvents().assertStatistics(s -> s.succeeded(0).skipped(1));
      assertThat(Engine.firstSkipReason(results))
          .isEqualTo("cannot test a privileged-port refusal here: " + reason.get());
    }
  }

  @Test
  void fixedPortTestsNeverOverlapUnderParallelExecution() {
    EngineExecutionResults results = Engine.runParallel(FixedPorts.class);
    results.testEvents().assertStatistics(s -> s.succeeded(4));
    assertThat(FixedPorts.maxConcurrent.get()).isEqualTo(1);
  }

  @Test
  void withoutTheLockTheSameTestsDoOverlap() {
    EngineExecutionResults results = Engine.runParallel(Unlocked.class);
    results.testEvents().assertStatistics(s -> s.succeeded(4));
    assertThat(Unlocked.maxConcurrent.get()).isGreaterThan(1);
  }

  @Test
  void aFixedPortTakenByAnotherProcessAbortsWithTheReason() {
    PortHolder held;
    try {
      held = PortHolder.hold("127.0.0.1", BusyPort.PORT);
    } catch (IllegalStateException e) {
      assumeTrue(false, "port " + BusyPort.PORT + " is busy on this machine already: " + e.getMessage());
      return;
    }
    try (held) {
      EngineExecutionResults results = Engine.run(BusyPort.class);
      results.testEvents().assertStatistics(s -> s.aborted(1));
      assertThat(Engine.firstAbortMessage(results))
          .startsWith("Assumption failed: fixed port " + BusyPort.PORT + " is already taken on 127.0.0.1 by another process: ")
          .contains("Address already in use");
    }
  }

  static class NeedsRefusal {
    @Test
    @RequiresUnprivilegedBindRefusal
    void test() {}
  }

  abstract static class Overlap {
    void overlap(AtomicInteger now, AtomicInteger max) throws InterruptedException {
      int n = now.incrementAndGet();
      max.accumulateAndGet(n, Math::max);
      Thread.sleep(150);
      now.decrementAndGet();
    }
  }

  static class FixedPorts extends Overlap {
    static final AtomicInteger now = new AtomicInteger();
    static final AtomicInteger maxConcurrent = new AtomicInteger();

    @Test @HoldsFixedPort(29101) void a() throws InterruptedException { overlap(now, maxConcurrent); }
    @Test @HoldsFixedPort(29102) void b() throws InterruptedException { overlap(now, maxConcurrent); }
    @Test @HoldsFixedPort({29103, 29104}) void c() throws InterruptedException { overlap(now, maxConcurrent); }
    @Test @HoldsFixedPort(29105) void d() throws InterruptedException { overlap(now, maxConcurrent); }
  }

  static class Unlocked extends Overlap {
    static final AtomicInteger now = new AtomicInteger();
    static final AtomicInteger maxConcurrent = new AtomicInteger();

    @Test void a() throws InterruptedException { overlap(now, maxConcurrent); }
    @Test void b() throws InterruptedException { overlap(now, maxConcurrent); }
    @Test void c() throws InterruptedException { overlap(now, maxConcurrent); }
    @Test void d() throws InterruptedException { overlap(now, maxConcurrent); }
  }

  static class BusyPort {
    static final int PORT = 29199;

    @Test
    @HoldsFixedPort(PORT)
    void test() {}
  }
}
