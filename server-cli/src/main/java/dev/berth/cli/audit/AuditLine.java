package dev.berth.cli.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit's own command line, checked before anything runs: the audited command and its
 * placeholders, the socket-activation command, the chosen scenarios. Every problem is an
 * {@link IllegalArgumentException} whose message is the one line to print.
 *
 * @param command the audited command
 * @param activated the socket-activation command, or null
 * @param scenarios the scenarios to run, in order
 */
record AuditLine(CommandTemplate command, CommandTemplate activated, List<Scenario> scenarios) {

  static AuditLine of(List<String> command, List<String> activation, List<String> only, boolean twoFormats) {
    if (twoFormats) {
      throw new IllegalArgumentException("--json and --markdown exclude each other: choose one");
    }
    CommandTemplate template = CommandTemplate.parse(command);
    CommandTemplate activated = activation == null || activation.isEmpty() || activation.get(0).isEmpty() ? null
        : CommandTemplate.parseActivated(activation);
    List<Scenario> scenarios = new ArrayList<>();
    if (only.isEmpty()) {
      for (Scenario s : Scenario.values()) {
        scenarios.add(s);
      }
    } else {
      for (Scenario s : Scenario.values()) {
        if (only.stream().anyMatch(id -> Scenario.byId(id).orElse(null) == s)) {
          scenarios.add(s);
        }
      }
      for (String id : only) {
        if (Scenario.byId(id).isEmpty()) {
          throw new IllegalArgumentException("unknown scenario '" + id + "' in --only; the ids are " + String.join(" ", Scenario.ids()));
        }
      }
    }
    if (activation != null && activated == null) {
      throw new IllegalArgumentException("--socket-activation needs a command, e.g. --socket-activation 'my-server --fd 3'");
    }
    return new AuditLine(template, activated, scenarios);
  }
}
