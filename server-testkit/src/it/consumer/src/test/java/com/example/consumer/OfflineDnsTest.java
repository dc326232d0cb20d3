package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Addresses;
import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.OfflineDns;
import dev.berth.testkit.ServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Host does not resolve" without a DNS query leaving the machine, for a JVM and a non-JVM program. */
class OfflineDnsTest {

  @Test
  void tinyServerFailsOnAnUnresolvableHostWithoutAskingAnyDnsServer() {
    String host = Addresses.unresolvableHost();
    try (ServerProcess server = ServerProcess.command(JavaCommand.builder().jvmArg(OfflineDns.jvmOption())
        .main(TinyServer.class.getName()).args(host, "0").build()).start()) {
      server.assertExitCode(1, Duration.ofSeconds(60));
      assertTrue(server.stderr().contains("Unresolved address"), server.stderr());
    }
  }

  @Test
  void aGlibcLookupGetsNxdomainFromTheNamespaceResponder() {
    assumeTrue(OfflineDns.namespaceUnavailable().isEmpty(), () -> OfflineDns.namespaceUnavailable().get());
    String host = Addresses.unresolvableHost();
    try (OfflineDns dns = OfflineDns.namespace();
        ServerProcess lookup = ServerProcess.command(dns.wrap(List.of("getent", "hosts", host))).start()) {
      assertEquals(2, lookup.awaitExit(Duration.ofSeconds(60)), lookup.stderr());
      dns.assertQueried(host);
    }
  }
}
