package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The berth.socket + berth.service pair in deploy/systemd/socket-activated/ (quoted verbatim in
 * docs/operations.md: DeployFilesDocTest) is what systemd accepts: {@code systemd-analyze
 * verify} on exactly those files (the launcher path pointed at this checkout's). A broken copy
 * must be refused, so the tool is known to check here.
 */
class SocketActivationUnitsDocTest {

  private static final Path UNITS = Path.of("..", "deploy", "systemd", "socket-activated");

  @TempDir
  Path dir;

  private Result verify(String socket, String service) throws Exception {
    Files.writeString(dir.resolve("berth.socket"), socket);
    Files.writeString(dir.resolve("berth.service"), service);
    Process p = new ProcessBuilder("systemd-analyze", "verify", "./berth.socket", "./berth.service")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private record Result(int code, String output) {}

  @Test
  void theDocumentedUnitsPassSystemdAnalyzeVerify() throws Exception {
    assumeTrue(works(), "systemd-analyze is missing or does not run here (Debian: apt-get install systemd)");
    String socket = Files.readString(UNITS.resolve("berth.socket"));
    String launcher = Path.of("src/dist/bin/berth").toAbsolutePath().toString();
    String service = Files.readString(UNITS.resolve("berth.service")).replace("/opt/berth/bin/berth", launcher);
    assertThat(service).contains("--bind systemd:web");
    assertThat(socket).contains("FileDescriptorName=web");

    Result broken = verify(socket, service.replace(launcher, dir.resolve("no-such-launcher").toString()));
    assumeTrue(broken.code() != 0, "systemd-analyze verify accepts a missing ExecStart here, so it checks nothing: " + broken.output());

    Result result = verify(socket, service);
    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).as("no warning about the units").doesNotContain("berth.socket:").doesNotContain("berth.service:");
  }

  private static boolean works() {
    try {
      Process p = new ProcessBuilder("systemd-analyze", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
