package dev.berth.cli.audit;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth audit -- COMMAND...}: runs the bind-failure scenarios against any server's
 * command line and prints a verdict per scenario. Only this class is known to the rest of the
 * CLI (as a subcommand); the engine loads when an audit runs, never for {@code serve}.
 */
@Command(name = "audit",
    description = {
        "Run the bind-failure scenarios against a server's command line and print a verdict per scenario:",
        "FAIL (exit 0 on a failure, served where it failed, stole a live socket, never ended, served with broken TLS),",
        "WARN (slow, a stack trace or many lines, one exit status for every cause), PASS, or n/a.",
        "",
        "Placeholders in the command, filled per scenario: {host} {port} (required, or {url}), {port2} {unix} {cert} {key} {url}.",
        "A scenario that needs a placeholder the command does not use is n/a. An IPv6 {host} followed by ':' is bracketed."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {" 0:no scenario FAILs", " 1:a scenario FAILs", "64:USAGE: a bad audit command line"},
    footer = {"", "Example: berth audit -- daphne -b {host} -p {port} app:app", "See docs/audit.md."})
public final class AuditCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--json", description = "Print the report as JSON (schema berth.audit/1) instead of a table.")
  boolean json;

  @Option(names = "--markdown", description = "Print the report as a Markdown table, for docs.")
  boolean markdown;

  @Option(names = "--only", split = ",", paramLabel = "ID",
      description = "Run only these scenarios (comma-separated ids; see --list).")
  List<String> only = new ArrayList<>();

  @Option(names = "--list", description = "List the scenario ids and exit.")
  boolean list;

  @Option(names = "--socket-activation", paramLabel = "COMMAND",
      description = "Also run the inherited-socket scenarios with this command (one argument, words split at spaces),"
          + " which serves the socket passed as fd 3 with LISTEN_FDS, e.g. 'berth serve --bind systemd'.")
  String socketActivation;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The server's command line, after '--'.")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      for (Scenario s : Scenario.values()) {
        out.printf("%-24s %s%n", s.id(), s.title());
      }
      out.flush();
      return 0;
    }
    AuditLine line = parse();
    AuditReport report = Auditor.run(line.command(), line.activated(), line.scenarios(), System.getenv(),
        spec.commandLine().getErr());
    if (json) {
      out.println(JsonForm.of(report).encodePrettily());
    } else if (markdown) {
      out.print(MarkdownTable.render(report));
    } else {
      out.print(TextTable.render(report, System.console() != null && System.getenv("NO_COLOR") == null));
    }
    out.flush();
    return report.status();
  }

  /** The audit's own command line checked, or a usage error (one line, 64). */
  AuditLine parse() {
    try {
      return AuditLine.of(command, socketActivation == null ? null : Arrays.asList(socketActivation.trim().split("\\s+")),
          only, json && markdown);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
