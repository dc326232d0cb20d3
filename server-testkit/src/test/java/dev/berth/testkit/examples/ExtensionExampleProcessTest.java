package dev.berth.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.Addresses;
import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.NxdomainResponder;
import dev.berth.testkit.PortHolder;
import dev.berth.testkit.Privilege;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.junit5.HeldPort;
import dev.berth.testkit.junit5.NxdomainDns;
import dev.berth.testkit.junit5.RequiresUnprivilegedBindRefusal;
import dev.berth.testkit.junit5.TestkitExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import javax.naming.NameNotFoundException;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JUnit 5 extension: quoted in docs/testkit.md. */
// tag::extension[]
@ExtendWith(TestkitExtension.class)
class ExtensionExampleProcessTest {
  // A started holder on an ephemeral 127.0.0.1 port before each test, closed after it (even if it fails).
  @HeldPort PortHolder busy;

  @Test
  void fieldFixture() {
    try (ServerProcess server = ServerProcess.command(JavaCommand.of(
        PlainServer.class.getName(), "127.0.0.1", String.valueOf(busy.port()))).start()) {
      server.assertExitCode(75, Duration.ofSeconds(30));
    }
  }

  @Test
  void parameterFixture(@HeldPort(host = "0.0.0.0") PortHolder wildcard) {
    try (ServerProcess server = ServerProcess.command(JavaCommand.of(
        PlainServer.class.getName(), "127.0.0.1", String.valueOf(wildcard.port()))).start()) {
      server.assertExitCode(75, Duration.ofSeconds(30));
    }
  }
  // end::extension[]

  // tag::nxdomain[]
  @Test
  void lookupsGetNxdomainFromLoopback(@NxdomainDns NxdomainResponder dns) throws Exception {
    // Vert.x: new AddressResolverOptions().addServer(dns.hostAndPort())
    Hashtable<String, String> env = new Hashtable<>();
    env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    env.put("java.naming.provider.url", "dns://" + dns.hostAndPort());
    String host = Addresses.unresolvableHost();
    assertThatThrownBy(() -> new InitialDirContext(env).getAttributes(host, new String[] {"A"}))
        .isInstanceOf(NameNotFoundException.class);
    assertThat(dns.queriedNames()).contains(host);
  }
  // end::nxdomain[]

  // tag::privileged[]
  @Test
  @RequiresUnprivilegedBindRefusal // skipped, with the reason, where the refusal cannot be arranged
  void privilegedPortIsRefusedToAnUnprivilegedServer() {
    Path classpath = Privilege.worldReadableCopy(JavaCommand.classpathEntries());
    try (ServerProcess server = ServerProcess.command(Privilege.asUnprivileged(JavaCommand.builder()
                .classpath(Privilege.classpathOf(classpath))
                .main(PlainServer.class.getName()).args("127.0.0.1", "80")
                .build()))
            .directory(classpath)
            .start()) {
      server.assertExitCode(77, Duration.ofSeconds(30));
    } finally {
      Privilege.deleteCopy(classpath);
    }
  }
  // end::privileged[]
}
