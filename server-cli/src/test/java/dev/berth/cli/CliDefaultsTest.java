package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.BerthApplication;
import dev.berth.server.BerthServer;
import dev.berth.server.Endpoint;
import dev.berth.server.internal.engine.ServerSettings;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth serve}'s defaults are server-core's: an option's picocli default, and the
 * "Default: ..." its help names where the CLI leaves the choice to core, read back through the
 * CLI's own converters, equal what a {@code BerthServer.builder()} left alone ends up with.
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
