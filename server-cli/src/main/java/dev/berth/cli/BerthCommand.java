package dev.berth.cli;

import dev.berth.cli.audit.AuditCommand;
import dev.berth.server.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    subcommands = {ServeCommand.class, CheckCommand.class, ExitCodesCommand.class, AuditCommand.class},
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
    LazyLog4j.use(LogFormat.TEXT, false);
    quietNettyMachineId();
    skipStartupWork();
    noClassPathCacheWithoutWritableTmp();
    LauncherWords.install();
    routeLibraryLogging();
    Optional<ServeCommand> usual = ServeFastPath.parse(this, args);
    if (usual.isPresent()) {
      try {
        return usual.get().call();
      } catch (Exception e) {
        return failure(e, err, "berth serve");
      }
    }
    return commandLine(out, err).execute(args);
  }

  /**
   * Netty and Vert.x log through java.util.logging, which log4j's bridge takes to log4j (one
   * route, {@link JulRoute}). Named, not left to their discovery: with SLF4J or log4j-api on the
   * class path both would pick that, and without an SLF4J provider their lines would be lost.
   * A Vert.x factory the user named stays.
   */
  private static void routeLibraryLogging() {
    JulRoute.install();
    io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
    if (System.getProperty("vertx.logger-delegate-factory-class-name") == null) {
      System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
    }
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
      if (sub.getCommandSpec().usageMessage().exitCodeList().isEmpty()) { // audit lists its own statuses
        sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
      }
    }
    return commandLine;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: serve, check, exit-codes or audit");
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

  /**
   * Vert.x copies the class-path files an application serves into a cache directory under
   * java.io.tmpdir, created when Vert.x starts, and refuses to start where it cannot (a container
   * with a read-only root filesystem and no volume on /tmp, as Kubernetes' readOnlyRootFilesystem
   * gives). There class-path resolving is turned off instead: files are served from the file system
   * only (--static always is). Left alone when the user chose either setting.
   */
  private static void noClassPathCacheWithoutWritableTmp() {
    if (System.getProperty("vertx.disableFileCPResolving") == null && System.getProperty("vertx.cacheDirBase") == null
        && !Files.isWritable(Path.of(System.getProperty("java.io.tmpdir", "/tmp")))) {
      System.setProperty("vertx.disableFileCPResolving", "true");
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
    String line = "berth: " + OutcomeLines.oneLine(message) + " (see '" + command + " --help')";
    TerminationLog.remember(line);
    err.println(line);
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
      Say.line(org.apache.logging.log4j.Level.ERROR, OutcomeLines.oneLine(known.getMessage()),
          EcsFields.exit("failed", known.exitCode().code()), verbose ? known.getCause() : null);
      return known.exitCode().code();
    }
    Say.line(org.apache.logging.log4j.Level.ERROR, "internal error: " + OutcomeLines.oneLine(String.valueOf(e))
        + (verbose ? "" : " (rerun with --verbose for the stack trace)"), EcsFields.exit("failed", ExitCode.SOFTWARE.code()), verbose ? e : null);
    return ExitCode.SOFTWARE.code();
  }
}
