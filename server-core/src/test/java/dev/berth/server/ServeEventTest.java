package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@link ServeOutput} is told each line as a {@link ServeEvent} with the value it is about; one
 * that implements only {@code info}/{@code warn}/{@code error} still gets every line; and the
 * overload lines take that same route, also from a server that was only started.
 */
class ServeEventTest {

  @Test
  void anOutputWithOnlyTheThreeLineMethodsGetsEachEventByItsLevel() {
    List<String> said = new CopyOnWriteArrayList<>();
    ServeOutput lines = new ServeOutput() {
      @Override
      public void info(String line) {
        said.add("info " + line);
      }

      @Override
      public void warn(String line) {
        said.add("warn " + line);
      }

      @Override
      public void error(String line, Throwable cause) {
        said.add("error " + line + " / " + (cause == null ? "-" : cause.getMessage()));
      }
    };
    lines.event(new ServeEvent(ServeEvent.Kind.STOPPED, Level.INFO, "stopped", null, 0, null));
    lines.event(new ServeEvent(ServeEvent.Kind.FORCED_EXIT, Level.WARNING, "second SIGTERM", null, 143, null));
    lines.event(new ServeEvent(ServeEvent.Kind.STOP_FAILED, Level.ERROR, "stopping failed:\nx", null, 70, new IllegalStateException("x")));
    assertThat(said).containsExactly("info stopped", "warn second SIGTERM", "error stopping failed:; x / x");
  }

  @Test
  void theCapLineReachesTheOutputAsAnEventWithItsCountsWhenTheServerIsOnlyStarted() throws Exception {
    BlockingQueue<ServeEvent> overloads = new LinkedBlockingQueue<>();
    BerthServer server = BerthServer.builder().bind("127.0.0.1:0")
        .connectionLimits(ConnectionLimits.defaults().withMaxConnections(1).withHeaderTimeout(Duration.ZERO))
        .handler(r -> r.response().end("ok"))
        .output(new ServeOutput() {
          @Override
          public void event(ServeEvent event) {
            if (event.kind() == ServeEvent.Kind.OVERLOAD) {
              overloads.add(event);
            }
          }

          @Override
          public void info(String line) {}

          @Override
          public void warn(String line) {}

          @Override
          public void error(String line, Throwable cause) {}
        })
        .build();
    try {
      int port = server.startAndWait().bound().get(0).port();
      try (Socket holder = new Socket("127.0.0.1", port)) {
        ServeEvent cap = overloads.poll(10, TimeUnit.SECONDS);
        assertThat(cap).as("an OVERLOAD event within 10 s of filling the one slot").isNotNull();
        assertThat(cap.level()).isEqualTo(Level.WARNING);
        assertThat(cap.oneLine()).startsWith("connection cap reached: 1 connections open");
        assertThat(cap.overload()).hasValueSatisfying(n -> {
          assertThat(n.kind()).isEqualTo(OverloadNotice.Kind.CAP);
          assertThat(n.max()).isEqualTo(1);
        });
        assertThat(cap.bound()).isEmpty();
        assertThat(cap.exitCode()).isEmpty();
      }
    } finally {
      server.stopAndWait(Duration.ofSeconds(2));
    }
  }
}
