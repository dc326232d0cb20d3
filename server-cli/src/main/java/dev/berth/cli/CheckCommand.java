package dev.berth.cli;

import dev.berth.server.ExitCode;
import dev.berth.server.BerthServer;
import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.Endpoint;
import dev.berth.server.InvalidEndpointException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth check}: would {@code serve} be able to bind? Binds every endpoint exactly as
 * serve would, releases them at once without serving a request, prints one line per endpoint
 * on stdout and exits with the code serve would have.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = BerthVersion.class,
    description = "Bind and release each endpoint without serving; one result line per endpoint on stdout.")
final class CheckCommand implements Callable<Integer> {

  @ParentCommand
  BerthCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  BindOptions bind;

  @Mixin
  TlsOptions tls;

  @Mixin
  StaticFilesOptions staticFiles;

  @Override
  public Integer call() {
    parent.verbose(bind.verbose);
    List<Endpoint> endpoints = bind.prepare();
    staticFiles.check();
    BindReport report = InheritedCheck.report(endpoints, bind.nativeTransport, own -> {
      BerthServer server = tls.applyTo(bind.serverBuilder(own), own)
          .handler(request -> request.response().setStatusCode(503).end())
          .build();
      BindReport ownReport;
      try {
        ownReport = server.startAndWait();
      } catch (InvalidEndpointException overlap) {
        // Names that resolve to overlapping addresses: the same usage error serve gives.
        throw new CommandFailure(ExitCode.USAGE, overlap.getMessage(), overlap);
      }
      server.stopAndWait(Duration.ZERO);
      return ownReport;
    });
    bind.reportFile().ifPresent(file -> file.write(report.toJson()));
    PrintWriter out = spec.commandLine().getOut();
    for (BindOutcome.Failed failed : report.failures()) {
      TerminationLog.remember("berth: " + OutcomeLines.of(failed));
    }
    for (BindOutcome outcome : report.outcomes()) {
      out.println(outcome instanceof BindOutcome.Failed failed
          ? "fail " + OutcomeLines.of(failed)
          : "ok   " + outcome.endpoint() + " can listen (" + ((BindOutcome.Bound) outcome).url() + ")");
    }
    out.flush();
    return ExitCode.of(report).code();
  }
}
