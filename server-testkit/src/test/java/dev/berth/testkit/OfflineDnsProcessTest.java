package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.examples.PlainServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineDnsProcessTest {

  @Test
  void theJvmOptionNamesOneEmptyWorldReadableHostsFile() throws Exception {
    String option = OfflineDns.jvmOption();
    assertThat(option).startsWith("-Djdk.net.hosts.file=").isEqualTo(OfflineDns.jvmOption());
    Path file = Path.of(option.substring("-Djdk.net.hosts.file=".length()));
    assertThat(file).isRegularFile().isEmptyFile();
    assertThat(Files.getPosixFilePermissions(file).toString()).contains("OTHERS_READ");
  }

  @Test
  void aJvmWithTheOptionSendsNoPacketForAnUnresolvableName(@TempDir Path dir) {
    assumeTrue(onPath("strace"), "strace is not installed: cannot watch the child's sockets");
    String host = Addresses.unresolvableHost();
    Path trace = dir.resolve("trace");
    List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg",
        "-o", trace.toString()));
    cmd.addAll(JavaCommand.builder().jvmArg(OfflineDns.jvmOption()).main(PlainServer.class.getName()).args(host, "0").build());
    try (ServerProcess p = ServerProcess.command(cmd).start()) {
      int code = p.awaitExit(Duration.ofSeconds(60));
      assumeTrue(Files.exists(trace), () -> "strace could not trace here: " + p.stderr());
      assertThat(code).as(p.stderr()).isEqualTo(78);
      assertThat(p.stderr()).contains("cannot resolve " + host);
    }
    assertThat(trace).content().as("no DNS query (to port 53) by any thread").doesNotContain("htons(53)");
  }

  private static boolean onPath(String program) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
  }
}
