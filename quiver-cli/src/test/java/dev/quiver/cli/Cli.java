package dev.quiver.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code quiver} in this JVM with captured stdout and stderr. */
final class Cli {

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  private final List<String> target;

  /** {@code target}: the options that say where the database is, added after the subcommand. */
  Cli(String... target) {
    this.target = List.of(target);
  }

  Result run(String command, String... args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(target);
    all.addAll(List.of(args));
    return raw(all.toArray(String[]::new));
  }

  static Result raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = QuiverCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }
}
