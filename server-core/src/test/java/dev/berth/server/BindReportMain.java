package dev.berth.server;

import java.time.Duration;

/**
 * Binds the endpoints given as arguments, prints the bind report's JSON on stdout, and
 * stops. PermissionDeniedProcessTest runs it as an unprivileged user in a child JVM.
 */
public final class BindReportMain {

  private BindReportMain() {}

  public static void main(String[] args) {
    BerthServer server = BerthServer.builder().bind(args).handler(r -> r.response().end()).build();
    BindReport report = server.startAndWait();
    System.out.println(report.toJson().encode());
    server.stopAndWait(Duration.ZERO);
  }
}
