package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** Small steps the bind tests share. */
public final class Bind {

  private Bind() {}

  /** Starts, expects failure, returns the one failure of the only failed endpoint. */
  public static BindFailure failureOf(BerthServerBuilder builder, Transport transport) {
    BerthServer server = builder.build();
    BindReport report = server.startAndWait();
    assertThat(report.transport().code()).isEqualTo(transport.reportName());
    assertThat(report.succeeded()).as("report %s", report.toJson().encode()).isFalse();
    assertThat(server.isRunning()).isFalse();
    assertThat(report.failures()).hasSize(1);
    return report.failures().get(0).failure();
  }

  public static BindReport started(BerthServer server) {
    BindReport report = server.startAndWait();
    assertThat(report.succeeded()).as("report %s", report.toJson().encode()).isTrue();
    return report;
  }

  /**
   * Holds a port that Berth just released, proving it is free. Retries for up to 2 s: a
   * child process being spawned by a parallel test briefly holds copies of every open
   * socket, which can keep a just-closed listener alive for a few milliseconds.
   */
  public static dev.berth.testkit.PortHolder holdFreed(int port) {
    return dev.berth.testkit.Await.result("port " + port + " free after Berth released it", Duration.ofSeconds(2),
        () -> dev.berth.testkit.PortHolder.hold("127.0.0.1", port));
  }

  public static void stop(BerthServer server) {
    server.stopAndWait(Duration.ofSeconds(5));
  }
}
