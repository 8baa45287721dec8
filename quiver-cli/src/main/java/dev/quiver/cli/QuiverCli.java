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
 * <p>Exit codes: 0 success, 1 unexpected failure (with a stack trace), 2 bad usage or missing data
 * (a one-line message, no stack trace).
 */
@Command(
    name = "quiver",
    mixinStandardHelpOptions = true,
    versionProvider = QuiverCli.Version.class,
    description = "Quiver, the vector database that lives inside the JVM.",
    subcommands = {DemoCommand.class})
public final class QuiverCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it directly. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new QuiverCli());
    cli.setExecutionExceptionHandler(QuiverCli::handle);
    return cli;
  }

  @Override
  public void run() {
    // `quiver` alone: show what there is to run.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Expected problems become one line on stderr and exit code 2; anything else keeps its trace. */
  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed)
      throws Exception {
    if (e instanceof DataNotFoundException) {
      String message = cli.getCommandSpec().qualifiedName() + ": " + e.getMessage();
      cli.getErr().println(cli.getColorScheme().errorText(message));
      cli.getErr().flush();
      return CommandLine.ExitCode.USAGE;
    }
    throw e;
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
