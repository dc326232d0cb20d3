package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The berth.socket + berth.service pair in docs/operations.md is what systemd accepts:
 * {@code systemd-analyze verify} on exactly the documented text (the launcher path pointed at
 * this checkout's). A broken copy must be refused, so the tool is known to check here.
 */
class SocketActivationUnitsDocTest {

  private static final Path DOC = Path.of("..", "docs", "operations.md");

  @TempDir
  Path dir;

  private static String block(String doc, String firstLine) {
    Matcher m = Pattern.compile("```ini\\n(" + Pattern.quote(firstLine) + "[^\\n]*\\n.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("docs/operations.md has an ini block starting with %s", firstLine).isTrue();
    return m.group(1);
  }

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
    String doc = Files.readString(DOC);
    String socket = block(doc, "# /etc/systemd/system/berth.socket");
    String launcher = Path.of("src/dist/bin/berth").toAbsolutePath().toString();
    String service = block(doc, "# /etc/systemd/system/berth.service, socket-activated").replace("/opt/berth/bin/berth", launcher);
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
