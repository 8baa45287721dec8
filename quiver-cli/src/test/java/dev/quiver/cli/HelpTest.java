package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

  @Test
  void everySubcommandHasHelp() {
    CommandLine cli = QuiverCli.commandLine();
    assertTrue(cli.getSubcommands().size() >= 12, cli.getSubcommands().keySet()::toString);
    for (String name : cli.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      Cli.Result r = Cli.raw(name, "--help");
      assertEquals(0, r.exit(), () -> name + ": " + r);
      assertTrue(r.out().startsWith("Usage: quiver " + name), () -> name + ": " + r);
    }
  }

  @Test
  void topLevelHelpDocumentsTheExitCodes() {
    Cli.Result r = Cli.raw("--help");
    assertEquals(0, r.exit());
    for (String line : new String[] {"0  ok", "1  runtime", "2  usage", "3  not found", "4  invalid input",
        "5  cannot connect"}) {
      assertTrue(r.out().contains(line), r::toString);
    }
    for (String command : new String[] {"serve", "collections", "create", "upsert", "search", "scroll", "count",
        "snapshot", "restore", "info", "delete-collection", "demo"}) {
      assertTrue(r.out().contains("  " + command + " "), () -> command + "\n" + r);
    }
    assertTrue(Cli.raw("upsert", "--help").out().contains("--skip-bad"));
    assertTrue(Cli.raw("search", "--help").out().contains("--api-key"));
  }
}
