package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** Small steps the bind tests share. */
final class Bind {

  private Bind() {}

  /** Starts, expects failure, returns the one failure of the only failed endpoint. */
  static BindFailure failureOf(BerthServer.Builder builder, Transport transport) {
    BerthServer server = builder.build();
    BindReport report = server.startAndWait();
    assertThat(report.transport()).isEqualTo(transport.reportName());
    assertThat(report.succeeded()).as("report %s", report.toJson().encode()).isFalse();
    assertThat(server.isRunning()).isFalse();
    assertThat(report.failures()).hasSize(1);
    return report.failures().get(0).failure();
  }

  static BindReport started(BerthServer server) {
    BindReport report = server.startAndWait();
    assertThat(report.succeeded()).as("report %s", report.toJson().encode()).isTrue();
    return report;
  }

  static void stop(BerthServer server) {
    server.stopAndWait(Duration.ofSeconds(5));
  }
}
