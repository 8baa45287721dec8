package dev.quiver.cli;

import dev.quiver.datasets.DataNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code quiver} command. Subcommands hold no engine logic: they parse, call the library and
 * print.
 *
 * <p>Exit codes ({@link ExitCodes}): 0 ok, 1 runtime or I/O error, 2 usage error (or missing demo
 * data), 3 not found, 4 invalid input, 5 cannot connect. Errors are one line on stderr; a stack
 * trace only with {@code --verbose}.
 */
@Command(
    name = "quiver",
    mixinStandardHelpOptions = true,
    versionProvider = QuiverCli.Version.class,
    description = "Quiver, the vector database that lives inside the JVM.",
    footer = {
      "",
      "Exit codes:",
      "  0  ok",
      "  1  runtime or I/O error",
      "  2  usage error (bad options)",
      "  3  not found (collection, file)",
      "  4  invalid input (bad file lines, vector, filter, config; name taken)",
      "  5  cannot connect: server unreachable, API key refused, data folder in use",
      "",
      "Data commands work on a folder (--data DIR, default ./quiver-data)",
      "or on a running server (--url http://127.0.0.1:7333 --api-key KEY;",
      "the key also from $QUIVER_API_KEY). Details: quiver COMMAND --help"
    },
    subcommands = {
      ServeCommand.class,
      CollectionsCommand.class,
      CreateCommand.class,
      InfoCommand.class,
      DeleteCollectionCommand.class,
      UpsertCommand.class,
      IngestCommand.class,
      SearchCommand.class,
      RecommendCommand.class,
      InspectCommand.class,
      AuditCommand.class,
      EvaluateCommand.class,
      AskCommand.class,
      ScrollCommand.class,
      CountCommand.class,
      CompactCommand.class,
      SnapshotCommand.class,
      RestoreCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class QuiverCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    quietLogging(args);
    System.exit(commandLine().execute(args));
  }

  /**
   * One-line log records, and only warnings from the engine for the short-lived commands: the
   * user asked for a result, not for "collection opened in 44 ms". {@code serve} keeps INFO.
   */
  private static void quietLogging(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
    }
    boolean serving = args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
    if (!serving) {
      QUIET.setLevel(java.util.logging.Level.WARNING);
    }
  }

  /** Held so that the level set on it is not lost when the logger is collected. */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("dev.quiver");

  /** The configured command line; tests call {@code execute} on it directly. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new QuiverCli());
    // picocli would read "@file" words as argument files (one argument per line) before any option
    // sees them, so the documented `--filter @f.json` broke; the options that take @file read it.
    cli.setExpandAtFiles(false);
    cli.setExecutionExceptionHandler(QuiverCli::handle);
    return cli;
  }

  @Override
  public void run() {
    // `quiver` alone: show what there is to run.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Every failure becomes one line on stderr naming the command, and the exit code of
   * {@link ExitCodes#of}; the stack trace only with {@code --verbose} (or for a bug: an exception
   * without a message).
   */
  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    boolean verbose = parsed != null && parsed.expandedArgs().contains("--verbose");
    int code = e instanceof DataNotFoundException ? ExitCodes.USAGE : ExitCodes.of(e);
    String text = ExitCodes.message(e);
    if (code == ExitCodes.RUNTIME && (e instanceof RuntimeException) && !(e instanceof CliException)
        && !(e instanceof java.io.UncheckedIOException) && !(e instanceof dev.quiver.api.ApiException)) {
      text = e.getClass().getSimpleName() + ": " + text + (verbose ? "" : " (--verbose shows where)");
    }
    String message = cli.getCommandSpec().qualifiedName() + ": " + text;
    cli.getErr().println(cli.getColorScheme().errorText(message));
    if (verbose) {
      e.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return code;
  }

  /** Reads the version Maven writes into {@code version.properties} at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = QuiverCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "quiver " + p.getProperty("version", "(unknown version)"),
        "JVM: ${java.version} (${java.vendor} ${java.vm.name})",
        "OS: ${os.name} ${os.version} ${os.arch}"
      };
    }
  }
}
