package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.server.QuiverServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quiver serve} says at start-up what recovery took (collections, points, log replayed), and
 * refuses a folder whose log lost acknowledged writes unless given {@code --accept-log-loss} (or
 * QUIVER_ACCEPT_LOG_LOSS=true).
 */
class ServeRecoveryTest {

  @TempDir Path data;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine serve(CountDownLatch stop, CompletableFuture<QuiverServer> started, Map<String, String> env) {
    CommandLine cli = new CommandLine(new ServeCommand(stop, started, env));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(QuiverCli.commandLine().getExecutionExceptionHandler());
    return cli;
  }

  /** Five upserts of ten points left in the log (no checkpoint on close), the last one then cut short. */
  private void writeAndCutTheLastRecord() throws Exception {
    try (Quiver db = Quiver.open(data, QuiverConfig.defaults().withCheckpointOnClose(false))) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.of(3, Metric.EUCLIDEAN)));
      for (int b = 0; b < 5; b++) {
        List<Point> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          batch.add(Point.of(b * 10L + i, new float[] {b, i, 1}, null));
        }
        c.upsert(batch);
      }
    }
    Path segment;
    try (Stream<Path> s = Files.list(data.resolve("collections/docs/wal"))) {
      segment = s.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segment);
    Files.write(segment, Arrays.copyOf(bytes, bytes.length - 5));
  }

  @Test
  void aLogThatLostWritesIsRefusedUnlessAcceptedAndStartUpReportsRecovery() throws Exception {
    writeAndCutTheLastRecord();
    // Without the override the server starts and serves the collection as unavailable, saying why.
    CountDownLatch refusedStop = new CountDownLatch(1);
    CompletableFuture<QuiverServer> refusedStart = new CompletableFuture<>();
    CommandLine refused = serve(refusedStop, refusedStart, Map.of());
    CompletableFuture<Integer> refusedExit = CompletableFuture.supplyAsync(() -> refused.execute(
        "--data", data.toString(), "--port", "0"));
    QuiverServer degraded = refusedStart.get(60, TimeUnit.SECONDS);
    assertTrue(err.toString().contains("collection 'docs' is unavailable")
        && err.toString().contains("LSNs 5 to 5 (1 acknowledged records) are missing")
        && err.toString().contains("--accept-log-loss"), err::toString);
    java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(degraded.uri().resolve("/readyz")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertTrue(ready.body().contains("degraded"), ready::body);
    refusedStop.countDown();
    assertEquals(0, refusedExit.get(60, TimeUnit.SECONDS), err::toString);
    out.getBuffer().setLength(0);

    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<QuiverServer> started = new CompletableFuture<>();
    CommandLine cli = serve(stop, started, Map.of());
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
        "--data", data.toString(), "--port", "0", "--accept-log-loss"));
    started.get(60, TimeUnit.SECONDS);
    String startUp = out.toString();
    assertTrue(startUp.matches("(?s)Quiver recovered 1 collection \\(40 points\\) in \\d+\\.\\d s; replayed 4 log"
        + " records \\(0\\.0 MiB\\) in \\d+\\.\\d s\\R.*"), startUp);
    stop.countDown();
    assertEquals(0, exit.get(60, TimeUnit.SECONDS), err::toString);
    try (Quiver db = Quiver.open(data)) { // repaired: it opens without the override now
      assertEquals(40, db.collection("docs").count(null));
    }
  }

  @Test
  void theOverrideCanComeFromTheEnvironment() {
    assertTrue(new ServeCommand(new CountDownLatch(1), new CompletableFuture<>(),
        Map.of("QUIVER_ACCEPT_LOG_LOSS", "true")).config().engine().acceptLogLoss());
    assertFalse(new ServeCommand(new CountDownLatch(1), new CompletableFuture<>(),
        Map.of("QUIVER_ACCEPT_LOG_LOSS", "false")).config().engine().acceptLogLoss());
    assertFalse(new ServeCommand(new CountDownLatch(1), new CompletableFuture<>(), Map.of()).config().engine()
        .acceptLogLoss());
    CommandLine cli = serve(new CountDownLatch(1), new CompletableFuture<>(), Map.of("QUIVER_ACCEPT_LOG_LOSS", "maybe"));
    assertEquals(ExitCodes.USAGE, cli.execute("--data", data.toString(), "--port", "0"));
    assertTrue(err.toString().contains("QUIVER_ACCEPT_LOG_LOSS must be true or false, got 'maybe'"), err::toString);
  }
}
