package dev.berth.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audited command line: which placeholders it uses, what it refuses, how it is filled. */
class CommandTemplateTest {

  private static Map<Placeholder, String> values(String host, String port) {
    Map<Placeholder, String> v = new EnumMap<>(Placeholder.class);
    v.put(Placeholder.HOST, host);
    v.put(Placeholder.PORT, port);
    v.put(Placeholder.PORT2, "9002");
    v.put(Placeholder.UNIX, "/tmp/a.sock");
    return v;
  }

  @Test
  void fillsEveryPlaceholderInsideAndBetweenWords() {
    CommandTemplate t = CommandTemplate.parse(List.of("srv", "--bind", "{host}:{port}", "-b", "unix:{unix}", "--also={port2}"));
    assertThat(t.fill(values("127.0.0.1", "9001")))
        .containsExactly("srv", "--bind", "127.0.0.1:9001", "-b", "unix:/tmp/a.sock", "--also=9002");
    assertThat(t.uses(Placeholder.UNIX)).isTrue();
    assertThat(t.uses(Placeholder.CERT)).isFalse();
    assertThat(t.usesTcp()).isTrue();
  }

  @Test
  void bracketsAnIpv6HostOnlyWhereAColonFollowsIt() {
    CommandTemplate t = CommandTemplate.parse(List.of("daphne", "-b", "{host}", "-p", "{port}", "--bind={host}:{port}"));
    assertThat(t.fill(values("::1", "9001"))).containsExactly("daphne", "-b", "::1", "-p", "9001", "--bind=[::1]:9001");
  }

  @Test
  void urlIsHttpOrHttpsWithABracketedHost() {
    Map<Placeholder, String> v = values("::", "9001");
    assertThat(CommandTemplate.parse(List.of("srv", "{url}")).fill(v)).containsExactly("srv", "http://[::]:9001");
    v.put(Placeholder.CERT, "/c.pem");
    v.put(Placeholder.KEY, "/k.pem");
    assertThat(CommandTemplate.parse(List.of("srv", "{url}", "{cert}", "{key}")).fill(v))
        .containsExactly("srv", "https://[::]:9001", "/c.pem", "/k.pem");
  }

  @Test
  void leavesAShellsOwnBracesAlone() {
    CommandTemplate t = CommandTemplate.parse(List.of("sh", "-c", "exec srv ${HOME} {host} {port}"));
    assertThat(t.fill(values("127.0.0.1", "1"))).containsExactly("sh", "-c", "exec srv ${HOME} 127.0.0.1 1");
  }

  @Test
  void aUnixOnlyServerIsAuditable() {
    CommandTemplate t = CommandTemplate.parse(List.of("uvicorn", "--uds", "{unix}", "app:app"));
    assertThat(t.usesTcp()).isFalse();
    assertThat(t.uses(Placeholder.UNIX)).isTrue();
  }

  @Test
  void refusesWhatCannotBeAudited() {
    assertThatThrownBy(() -> CommandTemplate.parse(List.of())).hasMessageContaining("no command to audit");
    assertThatThrownBy(() -> CommandTemplate.parse(List.of("srv", "--port", "8080")))
        .hasMessageContaining("never says where to listen");
    assertThatThrownBy(() -> CommandTemplate.parse(List.of("srv", "{port}")))
        .hasMessageContaining("{port} but not {host}");
    assertThatThrownBy(() -> CommandTemplate.parse(List.of("srv", "{host}:{prot}")))
        .hasMessageContaining("unknown placeholder {prot}");
    assertThatThrownBy(() -> CommandTemplate.parse(List.of("srv", "{host}:{port}", "--cert", "{cert}")))
        .hasMessageContaining("{cert} but not {key}");
  }

  @Test
  void anActivatedCommandNeedsNoAddress() {
    CommandTemplate t = CommandTemplate.parseActivated(List.of("berth", "serve", "--bind", "systemd"));
    assertThat(t.fill(values("127.0.0.1", "1"))).containsExactly("berth", "serve", "--bind", "systemd");
  }

  @Test
  void theAuditLineChecksScenarioIdsAndFormats() {
    List<String> cmd = List.of("srv", "{host}:{port}");
    assertThat(AuditLine.of(cmd, null, List.of("sigterm", "inuse-v4"), false).scenarios())
        .containsExactly(Scenario.IN_USE_V4, Scenario.SIGTERM);
    assertThat(AuditLine.of(cmd, null, List.of(), false).scenarios()).containsExactly(Scenario.values());
    assertThatThrownBy(() -> AuditLine.of(cmd, null, List.of("inuse-v5"), false)).hasMessageContaining("unknown scenario 'inuse-v5'");
    assertThatThrownBy(() -> AuditLine.of(cmd, null, List.of(), true)).hasMessageContaining("--json and --markdown");
  }
}
