package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import dev.berth.server.Endpoint;
import dev.berth.server.internal.engine.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth serve}'s defaults are server-core's: an option's picocli default, and the
 * "Default: ..." its help names where the CLI leaves the choice to core, read back through the
 * CLI's own converters, equal what a {@code BerthServer.builder()} left alone ends up with; and
 * so do the defaults docs/cli.md's option table names.
 */
class CliDefaultsTest {

  private static final ServerSettings CORE = ServerSettings.builder()
      .endpoints(List.of(Endpoint.parse("127.0.0.1:0")))
      .application(BerthApplication.of(request -> request.response().end()))
      .build();

  private static final CommandSpec SERVE = new CommandLine(new BerthCommand()).getSubcommands().get("serve").getCommandSpec();

  @Test
  void optionsWithAPicocliDefaultStartAtCoresDefault() {
    assertThat(Integer.valueOf(defaultValue("--instances"))).isEqualTo(CORE.instances());
    assertThat(Integer.valueOf(defaultValue("--bind-retries"))).isEqualTo(CORE.bindRetries());
    assertThat(new DurationConverter().convert(defaultValue("--bind-retry-delay"))).isEqualTo(CORE.bindRetryDelay());
  }

  @Test
  void optionsLeftToCoreNameCoresDefaultInTheirHelp() {
    DurationConverter duration = new DurationConverter();
    SizeConverter size = new SizeConverter();
    assertThat(duration.convert(helpDefault("--idle-timeout"))).isEqualTo(BerthServer.DEFAULT_IDLE_TIMEOUT);
    assertThat(size.convert(helpDefault("--max-request-line"))).isEqualTo(BerthServer.DEFAULT_MAX_REQUEST_LINE_LENGTH);
    assertThat(size.convert(helpDefault("--max-header-size"))).isEqualTo(BerthServer.DEFAULT_MAX_HEADER_SIZE);
    assertThat(size.convert(helpDefault("--max-body-size"))).isEqualTo(CORE.maxBodySize());
    assertThat(duration.convert(helpDefault("--header-timeout"))).isEqualTo(CORE.connectionLimits().headerTimeout());
    assertThat(new SocketModeConverter().convert(helpDefault("--socket-mode"))).isEqualTo(CORE.socketPermissions());
  }

  @Test
  void docsCliMdNamesCoresDefaults() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "cli.md"));
    DurationConverter duration = new DurationConverter();
    SizeConverter size = new SizeConverter();
    assertThat(Integer.valueOf(docDefault(doc, "--instances"))).isEqualTo(CORE.instances());
    assertThat(Integer.valueOf(docDefault(doc, "--bind-retries"))).isEqualTo(CORE.bindRetries());
    assertThat(duration.convert(docDefault(doc, "--bind-retry-delay"))).isEqualTo(CORE.bindRetryDelay());
    assertThat(duration.convert(docDefault(doc, "--idle-timeout"))).isEqualTo(BerthServer.DEFAULT_IDLE_TIMEOUT);
    assertThat(size.convert(docDefault(doc, "--max-request-line"))).isEqualTo(BerthServer.DEFAULT_MAX_REQUEST_LINE_LENGTH);
    assertThat(size.convert(docDefault(doc, "--max-header-size"))).isEqualTo(BerthServer.DEFAULT_MAX_HEADER_SIZE);
    assertThat(size.convert(docDefault(doc, "--max-body-size"))).isEqualTo(CORE.maxBodySize());
    assertThat(duration.convert(docDefault(doc, "--header-timeout"))).isEqualTo(CORE.connectionLimits().headerTimeout());
    assertThat(new SocketModeConverter().convert(docDefault(doc, "--socket-mode"))).isEqualTo(CORE.socketPermissions());
  }

  /** The {@code default X} of the option's row in docs/cli.md's table. */
  private static String docDefault(String doc, String option) {
    Matcher m = Pattern.compile("(?m)^\\| `" + Pattern.quote(option) + "[ `].*?; default `?([^`|; ]+)`?").matcher(doc);
    assertThat(m.find()).as("docs/cli.md has a row for %s naming its default", option).isTrue();
    return m.group(1);
  }

  private static String defaultValue(String option) {
    return SERVE.findOption(option).defaultValue();
  }

  /** The {@code Default: X.} that ends an option's description. */
  private static String helpDefault(String option) {
    String description = String.join(" ", SERVE.findOption(option).description());
    Matcher m = Pattern.compile("Default: (\\S+)\\.$").matcher(description);
    assertThat(m.find()).as("%s's help names its default: %s", option, description).isTrue();
    return m.group(1);
  }
}
