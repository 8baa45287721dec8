package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.Quiver;
import dev.quiver.server.QuiverServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

  @TempDir Path data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine serve(CountDownLatch stop, CompletableFuture<QuiverServer> started, Map<String, String> env) {
    CommandLine cli = new CommandLine(new ServeCommand(stop, started, env));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  @Test
  void servesUntilStoppedThenClosesTheFolder() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<QuiverServer> started = new CompletableFuture<>();
    // the port comes from the environment, the folder and key from options (options win)
    CommandLine cli = serve(stop, started, Map.of("QUIVER_PORT", "0", "QUIVER_API_KEY", "from-env"));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
        "--data", data.toString(), "--api-key", "k1", "--durability", "group:2ms", "--max-body", "1MiB",
        "--cors", "http://localhost:3000"));
    QuiverServer server = started.get(60, TimeUnit.SECONDS);
    assertTrue(out.toString().contains("at " + server.uri()), out::toString);
    assertEquals(1L << 20, server.config().maxBodyBytes());
    assertEquals("k1", server.config().adminApiKey());

    Cli remote = new Cli("--url", server.uri().toString(), "--api-key", "k1");
    assertEquals(0, remote.run("create", "docs", "--size", "2").exit());
    assertEquals(0, remote.run("collections").exit());
    assertEquals(5, new Cli("--url", server.uri().toString(), "--api-key", "from-env").run("collections").exit());

    stop.countDown();
    assertEquals(0, exit.get(60, TimeUnit.SECONDS), err::toString);
    assertTrue(err.toString().contains("stopped"), err::toString);
    try (Quiver db = Quiver.open(data)) { // the lock was released and the collection is there
      assertTrue(db.hasCollection("docs"));
    }
  }

  @Test
  void badSettingsAreUsageErrorsAndBusyFolderIsFive() throws Exception {
    CommandLine cli = serve(new CountDownLatch(1), new CompletableFuture<>(), Map.of("QUIVER_PORT", "seventy"));
    cli.setExecutionExceptionHandler(QuiverCli.commandLine().getExecutionExceptionHandler());
    assertEquals(2, cli.execute("--data", data.toString()));
    assertTrue(err.toString().contains("QUIVER_PORT"), err::toString);
    assertEquals(2, cli.execute("--data", data.toString(), "--port", "1", "--durability", "sometimes"));
    assertEquals(2, cli.execute("--data", data.toString(), "--port", "0", "--read-only-api-key", "r"));

    try (Quiver held = Quiver.open(data)) {
      CompletableFuture<QuiverServer> started = new CompletableFuture<>();
      CommandLine busy = serve(new CountDownLatch(1), started, Map.of());
      busy.setExecutionExceptionHandler(QuiverCli.commandLine().getExecutionExceptionHandler());
      assertEquals(5, busy.execute("--data", data.toString(), "--port", "0"));
      assertTrue(started.isCompletedExceptionally());
    }
  }
}
