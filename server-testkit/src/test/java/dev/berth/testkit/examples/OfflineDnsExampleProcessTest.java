package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Addresses;
import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.OfflineDns;
import dev.berth.testkit.ServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Host does not resolve" with no query leaving the machine: quoted in docs/testkit.md. */
class OfflineDnsExampleProcessTest {

  // tag::offline-dns-jvm[]
  @Test
  void aJvmServerResolvesFromAnEmptyHostsFile() {
    String host = Addresses.unresolvableHost();
    try (ServerProcess server = ServerProcess.command(JavaCommand.builder()
                .jvmArg(OfflineDns.jvmOption()) // -Djdk.net.hosts.file=<empty file>: no DNS query at all
                .main(PlainServer.class.getName()).args(host, "0")
                .build())
            .start()) {
      server.assertExitCode(78, Duration.ofSeconds(30));
      assertThat(server.stderr()).contains("cannot resolve " + host);
    }
  }
  // end::offline-dns-jvm[]

  // tag::offline-dns-namespace[]
  @Test
  void aGlibcLookupIsAnsweredByTheResponderInAPrivateNamespace() {
    assumeTrue(OfflineDns.namespaceUnavailable().isEmpty(), () -> OfflineDns.namespaceUnavailable().get());
    String host = Addresses.unresolvableHost();
    try (OfflineDns dns = OfflineDns.namespace(); // lo up, resolv.conf -> 127.0.0.1, responder on :53
        ServerProcess lookup = ServerProcess.command(dns.wrap(List.of("getent", "hosts", host))).start()) {
      lookup.assertExitCode(2, Duration.ofSeconds(60)); // getent: "not found"
      dns.assertQueried(host); // the failure really came from our NXDOMAIN, not from somewhere else
    }
  }
  // end::offline-dns-namespace[]

  @Test
  void assertQueriedCatchesAFailureThatDidNotComeFromDns() {
    assumeTrue(OfflineDns.namespaceUnavailable().isEmpty(), () -> OfflineDns.namespaceUnavailable().get());
    String host = Addresses.unresolvableHost();
    try (OfflineDns dns = OfflineDns.namespace();
        ServerProcess notALookup = ServerProcess.command(dns.wrap(List.of("sh", "-c", "exit 2"))).start()) {
      notALookup.assertExitCode(2, Duration.ofSeconds(60)); // the same exit code, for the wrong reason
      assertThatThrownBy(() -> dns.assertQueried(host)).isInstanceOf(AssertionError.class)
          .hasMessageContaining("was never asked for " + host);
    }
  }

  @Test
  void inTheNamespaceLoopbackIsUpAndResolvConfNamesTheResponder() {
    assumeTrue(OfflineDns.namespaceUnavailable().isEmpty(), () -> OfflineDns.namespaceUnavailable().get());
    try (OfflineDns dns = OfflineDns.namespace();
        ServerProcess shell = ServerProcess.command(dns.wrap(List.of("sh", "-c",
            "cat /etc/resolv.conf; grep '^hosts:' /etc/nsswitch.conf || true; ip -o link show lo; echo pid $$")))
        .start()) {
      shell.assertExitCode(0, Duration.ofSeconds(60));
      assertThat(shell.stdout()).contains("nameserver 127.0.0.1").containsPattern("lo: <[^>]*\\bUP\\b")
          .contains("pid " + shell.pid()); // the setup shell execs the command: signals reach it
      if (java.nio.file.Files.exists(java.nio.file.Path.of("/etc/nsswitch.conf"))) {
        assertThat(shell.stdoutLines()).contains("hosts: files dns"); // no resolved, mdns or other route out
      }
    }
  }
}
