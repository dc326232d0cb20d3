package dev.berth.cli;

import dev.berth.server.ExitCode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code berth} command: parses the command line and turns every way a command can end
 * into an exit code from {@link ExitCode} — a usage error into one line and 64, a known
 * failure into its line and code, anything unexpected into 70. {@link #execute} returns the
 * status instead of exiting, so it can be tested in-process.
 */
@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = BerthVersion.class,
    subcommands = {ServeCommand.class, CheckCommand.class, ExitCodesCommand.class},
    description = "Run an HTTP server that never lies about whether it is listening.",
    footer = {"", "Run 'berth COMMAND --help' for a command's options; 'berth exit-codes' for the contract."})
public final class BerthCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  private volatile boolean verbose;

  /** Runs the command line and returns the exit status (never exits itself). */
  public int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  int execute(PrintWriter out, PrintWriter err, String... args) {
    LogSetup.reset();
    quietNettyMachineId();
    skipStartupWork();
    LauncherWords.install();
    LazyLoggers.install();
    Optional<Object> quick = ServeLine.parse(this, args);
    if (quick.isPresent()) {
      return quick.get() instanceof ServeLine.Parsed parsed
          ? run(parsed.command(), err)
          : usageLine(err, ((ServeLine.BadValue) quick.get()).message(), "berth serve");
    }
    return executeWithPicocli(out, err, args);
  }

  /** The whole command line through picocli: help, version, check, exit-codes and every serve line {@link ServeLine} declines. */
  int executeWithPicocli(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  /** picocli's model of the whole command, set up the way berth runs it. */
  CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(this)
        .setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(BerthCommand::usageError)
        .setExecutionExceptionHandler(this::failure);
    Map<String, String> codes = exitCodeHelp();
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    }
    return commandLine;
  }

  /** What picocli's execute does with a parsed serve line, exceptions handled by the same two rules. */
  private int run(ServeCommand serve, PrintWriter err) {
    try {
      return serve.call();
    } catch (Exception e) {
      return failure(e, err, "berth serve");
    }
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: serve, check or exit-codes");
  }

  /**
   * Netty derives channel ids from a MAC address and warns "Failed to find a usable hardware
   * address" on every start where there is none (a container with only loopback), then uses
   * random bytes anyway. Giving it random bytes up front (a locally administered unicast
   * address) says the same without the warning and without scanning the interfaces.
   */
  private static void quietNettyMachineId() {
    if (System.getProperty("io.netty.machineId") == null) {
      // Uniqueness, not secrecy, is what an id needs (Netty falls back to this same kind of
      // random); SecureRandom and String.format cost a failing start about 50 ms of loading
      // security providers and a formatter (docs/performance.md).
      long bits = java.util.concurrent.ThreadLocalRandom.current().nextLong();
      StringBuilder text = new StringBuilder(17);
      for (int i = 0; i < 6; i++) {
        int b = (int) (bits >>> (8 * i)) & 0xFF;
        if (i == 0) {
          b = (b & 0xFC) | 0x02;
        }
        text.append(i == 0 ? "" : ":").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      System.setProperty("io.netty.machineId", text.toString());
    }
  }

  /**
   * Two things a start pays for that berth does not use, off unless the user turned them on
   * (BERTH_JAVA_OPTS, e.g. -Dio.netty.jfr.enabled=true): Netty 4.2 registers its allocator's
   * Flight Recorder events (loading JFR's metadata, about 60 ms of launch to first 200), and
   * log4j registers its MBeans with the platform MBean server (about 15 ms). Measured in
   * docs/performance.md's levers table.
   */
  private static void skipStartupWork() {
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    if (System.getProperty("log4j2.disableJmx") == null) {
      System.setProperty("log4j2.disableJmx", "true");
    }
  }

  void verbose(boolean on) {
    verbose = on;
  }

  /** Fails with a usage error unless {@code value >= min}. */
  void requireAtLeast(int value, int min, String option) {
    if (value < min) {
      throw new UsageError("invalid value for " + option + ": " + value + " (must be " + min + " or more)");
    }
  }

  private static Map<String, String> exitCodeHelp() {
    Map<String, String> codes = new LinkedHashMap<>();
    for (ExitCode c : ExitCode.values()) {
      codes.put(String.format("%3d", c.code()), c.name() + ": " + c.meaning());
    }
    return codes;
  }

  /** One line, naming the bad input; no usage block, no stack trace. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine where = e.getCommandLine();
    return usageLine(where.getErr(), e.getMessage(), where.getCommandSpec().qualifiedName());
  }

  private static int usageLine(PrintWriter err, String message, String command) {
    err.println("berth: " + OutcomeLines.oneLine(message) + " (see '" + command + " --help')");
    err.flush();
    return ExitCode.USAGE.code();
  }

  private int failure(Exception e, CommandLine where, ParseResult parsed) {
    return failure(e, where.getErr(), where.getCommandSpec().qualifiedName());
  }

  private int failure(Exception e, PrintWriter err, String command) {
    if (e instanceof UsageError usage) {
      return usageLine(err, usage.getMessage(), command);
    }
    if (e instanceof CommandFailure known) {
      Say.error(OutcomeLines.oneLine(known.getMessage()), verbose ? known.getCause() : null);
      return known.exitCode().code();
    }
    Say.error("internal error: " + OutcomeLines.oneLine(String.valueOf(e))
        + (verbose ? "" : " (rerun with --verbose for the stack trace)"), verbose ? e : null);
    return ExitCode.SOFTWARE.code();
  }
}
