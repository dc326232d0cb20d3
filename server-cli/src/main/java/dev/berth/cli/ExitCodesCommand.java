package dev.berth.cli;

import dev.berth.server.ExitCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth exit-codes}: the contract, printed from {@link ExitCode} so it cannot drift. */
@Command(name = "exit-codes", mixinStandardHelpOptions = true, versionProvider = BerthVersion.class,
    description = "Print the exit-code contract: code, name, meaning, retry advice, precedence.")
final class ExitCodesCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "As JSON (schema berth.exit-codes/1).")
  boolean json;

  @Option(names = "--markdown", description = "As the Markdown table used in docs/exit-codes.md.")
  boolean markdown;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(json().encodePrettily());
    } else if (markdown) {
      out.print(markdown());
    } else {
      out.print(text());
    }
    out.flush();
    return ExitCode.OK.code();
  }

  static JsonObject json() {
    JsonArray codes = new JsonArray();
    for (ExitCode c : ExitCode.values()) {
      codes.add(new JsonObject().put("code", c.code()).put("name", c.name()).put("meaning", c.meaning())
          .put("retry", c.retryAdvice()).put("precedence", c.precedence()));
    }
    return new JsonObject().put("schema", "berth.exit-codes/1").put("codes", codes)
        .put("precedence", new JsonArray(ExitCode.byPrecedence().stream().filter(c -> c != ExitCode.OK).map(Enum::name).toList()))
        .put("killedBySignalBase", ExitCode.KILLED_BY_SIGNAL_BASE);
  }

  static String markdown() {
    StringBuilder s = new StringBuilder("| code | name | when | retry? |\n|---|---|---|---|\n");
    for (ExitCode c : ExitCode.values()) {
      s.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", c.code(), c.name(), c.meaning(), c.retryAdvice()));
    }
    return s.toString();
  }

  static String precedenceLine() {
    return ExitCode.byPrecedence().stream().filter(c -> c != ExitCode.OK).map(Enum::name).collect(Collectors.joining(" > "));
  }

  static String text() {
    StringBuilder s = new StringBuilder();
    for (ExitCode c : ExitCode.values()) {
      s.append(String.format(Locale.ROOT, "%3d  %-8s  %s%n%15s retry: %s%n", c.code(), c.name(), c.meaning(), "", c.retryAdvice()));
    }
    s.append("\nWhen endpoints fail for different reasons, the most permanent wins: ").append(precedenceLine()).append('\n');
    s.append("A second SIGTERM/SIGINT while draining exits at once with ").append(ExitCode.KILLED_BY_SIGNAL_BASE)
        .append(" + the signal number (143, 130).\n");
    return s.toString();
  }
}
