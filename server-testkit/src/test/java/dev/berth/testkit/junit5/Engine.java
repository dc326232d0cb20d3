package dev.berth.testkit.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs sample test classes through the real Jupiter engine, the way a user's build would. */
final class Engine {
  private Engine() {}

  static EngineExecutionResults run(Class<?> sample) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
  }

  /** With parallel execution on, as our surefire configuration has it. */
  static EngineExecutionResults runParallel(Class<?> sample) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
        .selectors(selectClass(sample))
        .execute();
  }

  static String firstFailureMessage(EngineExecutionResults results) {
    return results.allEvents().failed().stream()
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
        .map(r -> r.getThrowable().map(Throwable::getMessage).orElse(""))
        .findFirst().orElse("(no failure)");
  }

  static String firstSkipReason(EngineExecutionResults results) {
    return results.allEvents().skipped().stream()
        .map(e -> e.getPayload(String.class).orElse(""))
        .findFirst().orElse("(nothing skipped)");
  }

  static String firstAbortMessage(EngineExecutionResults results) {
    return results.allEvents().aborted().stream()
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
        .map(r -> r.getThrowable().map(Throwable::getMessage).orElse(""))
        .findFirst().orElse("(nothing aborted)");
  }
}
