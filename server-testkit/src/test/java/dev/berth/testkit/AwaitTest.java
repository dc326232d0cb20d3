package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwaitTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  @TempDir Path dir;

  @Test
  void returnsAsSoonAsTheConditionHolds() {
    AtomicInteger calls = new AtomicInteger();
    Await.until("the third call", LONG, () -> calls.incrementAndGet() >= 3);
    assertThat(calls).hasValue(3);
  }

  @Test
  void aTimeoutNamesWhatWasAwaitedAndTheLastExceptionOfTheCheck() {
    Path never = dir.resolve("never");
    assertThatThrownBy(() -> Await.result("a file nobody writes", Duration.ofMillis(200), () -> Files.readString(never)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("gave up after 200 ms waiting for: a file nobody writes")
        .hasMessageContaining("the last check threw " + NoSuchFileException.class.getName())
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void anAssertionInTheCheckMeansNotYetAndExplainsTheTimeout() {
    AtomicInteger n = new AtomicInteger();
    assertThatThrownBy(() -> Await.until("n reaches 1000", Duration.ofMillis(200), () -> {
      assertThat(n.incrementAndGet()).as("n").isGreaterThanOrEqualTo(1000);
      return true;
    })).isInstanceOf(AssertionError.class).hasMessageContaining("[n]").hasMessageContaining("1000");
    assertThat(n.get()).as("retried, not stopped at the first failed assertion").isGreaterThan(1);
  }

  @Test
  void aTimeoutAfterTheCheckStoppedThrowingBlamesNoOldException() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> Await.until("a flag that stays down", Duration.ofMillis(200), () -> {
      if (calls.incrementAndGet() == 1) {
        throw new IOException("only the first time");
      }
      return false;
    })).isInstanceOf(AssertionError.class).hasMessage("gave up after 200 ms waiting for: a flag that stays down")
        .hasNoCause();
  }

  @Test
  void otherErrorsEndTheWaitAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> Await.until("never", LONG, () -> {
      calls.incrementAndGet();
      throw new StackOverflowError("broken check");
    })).isInstanceOf(StackOverflowError.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void resultReturnsTheFirstValueThatIsNotNull() throws IOException {
    Path file = dir.resolve("late");
    AtomicInteger calls = new AtomicInteger();
    String text = Await.result("the file", LONG, () -> {
      if (calls.incrementAndGet() == 3) {
        Files.writeString(file, "there");
      }
      return Files.readString(file);
    });
    assertThat(text).isEqualTo("there");
  }

  @Test
  void withAProcessATimeoutShowsBothOfItsStreams() {
    try (ServerProcess p = ServerProcess.command("sh", "-c", "echo to-stdout; echo to-stderr >&2; exec sleep 600").start()) {
      p.awaitOutput(java.util.regex.Pattern.compile("to-stdout"), LONG);
      p.awaitOutput(java.util.regex.Pattern.compile("to-stderr"), LONG);
      assertThatThrownBy(() -> Await.until("a condition that stays false", Duration.ofMillis(200), p, () -> false))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("gave up after 200 ms waiting for: a condition that stays false")
          .hasMessageContaining("command: sh -c")
          .hasMessageContaining("stdout lines:\n    to-stdout")
          .hasMessageContaining("stderr lines:\n    to-stderr");
    }
  }

  @Test
  void withAProcessThatExitsTheWaitEndsAtOnceWithItsExitCode() {
    try (ServerProcess p = ServerProcess.command("sh", "-c", "echo dying >&2; exit 3").start()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> Await.until("a condition that stays false", LONG, p, () -> false))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("process exited with code 3 before: a condition that stays false")
          .hasMessageContaining("    dying");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the whole timeout").isLessThan(Duration.ofSeconds(20));
    }
  }
}
