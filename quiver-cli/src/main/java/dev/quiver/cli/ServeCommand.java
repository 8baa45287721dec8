package dev.quiver.cli;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import dev.quiver.storage.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quiver serve}: the HTTP server on a data folder, until SIGINT or SIGTERM. A shutdown hook
 * closes it gracefully (requests in flight finish, the log is flushed and checkpointed).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve a data folder over HTTP (docs/http-api.md) until Ctrl-C or SIGTERM.",
        "Options override the environment: QUIVER_HOST, QUIVER_PORT, QUIVER_DATA, QUIVER_API_KEY,"
            + " QUIVER_READ_ONLY_API_KEY, QUIVER_MAX_BODY_BYTES, QUIVER_CORS_ORIGINS, QUIVER_DURABILITY,"
            + " QUIVER_ACCEPT_LOG_LOSS."})
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (default 127.0.0.1; 0.0.0.0 for all)")
  String host;

  @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "TCP port (default 7333; 0 for any free one)")
  Integer port;

  @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default ./quiver-data)")
  Path data;

  @Option(names = "--api-key", paramLabel = "KEY", description = "Admin API key; unset: no auth")
  String apiKey;

  @Option(names = "--read-only-api-key", paramLabel = "KEY", description = "Key for reads only (needs --api-key)")
  String readOnlyApiKey;

  @Option(names = "--max-body", paramLabel = "BYTES", description = "Largest request body, e.g. 32MiB (default)")
  String maxBody;

  @Option(names = "--cors", paramLabel = "ORIGIN", split = ",",
      description = "Allowed CORS origins, comma-separated or repeated ('*' for any); default: CORS off")
  List<String> cors;

  @Option(names = "--durability", paramLabel = "MODE",
      description = "When writes are acknowledged: fsync (default), group[:5ms] or none")
  String durability;

  @Option(names = "--accept-log-loss", description = {"Open collections whose write-ahead log lost acknowledged"
      + " writes (a deleted or cut segment) with what is left, instead of refusing to start; the lost part is"
      + " logged and kept in the log's lost-* folder. For recovering a damaged folder, not for everyday use"
      + " (default $QUIVER_ACCEPT_LOG_LOSS, else false)"})
  boolean acceptLogLoss;

  @Option(names = "--verbose", description = "Print stack traces of errors")
  boolean verbose;

  @Option(names = "--llm-url", paramLabel = "URL", description = "OpenAI-compatible API base for POST .../ask,"
      + " e.g. http://127.0.0.1:11434/v1 (default $QUIVER_LLM_URL; unset: extractive answers)")
  String llmUrl;

  @Option(names = "--llm-model", paramLabel = "MODEL", description = "Generator model (default $QUIVER_LLM_MODEL)")
  String llmModel;

  @Option(names = "--llm-api-key", paramLabel = "KEY", description = "Generator API key (default $QUIVER_LLM_API_KEY)")
  String llmApiKey;

  /** Counted down to stop serving; the shutdown hook does it, tests may too. */
  private final CountDownLatch stop;
  /** Completed with the running server (tests read its port). */
  private final CompletableFuture<QuiverServer> started;
  private final Map<String, String> env;

  ServeCommand() {
    this(new CountDownLatch(1), new CompletableFuture<>(), System.getenv());
  }

  ServeCommand(CountDownLatch stop, CompletableFuture<QuiverServer> started, Map<String, String> env) {
    this.stop = stop;
    this.started = started;
    this.env = env;
  }

  ServerConfig config() {
    ServerConfig c;
    try {
      c = ServerConfig.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
    try {
      if (host != null) {
        c = c.withHost(host);
      }
      if (port != null) {
        c = c.withPort(port);
      }
      if (data != null) {
        c = c.withDataDir(data);
      }
      if (apiKey != null) {
        c = c.withAdminApiKey(apiKey);
      }
      if (readOnlyApiKey != null) {
        c = c.withReadOnlyApiKey(readOnlyApiKey);
      }
      if (maxBody != null) {
        c = c.withMaxBodyBytes(parseMaxBody(maxBody));
      }
      if (cors != null) {
        c = c.withCorsOrigins(cors);
      }
      String d = durability != null ? durability : env.get("QUIVER_DURABILITY");
      if (d != null && !d.isBlank()) {
        QuiverConfig engine = c.engine().withDurability(Durability.parse(d));
        c = c.withEngine(engine);
      }
      if (acceptLogLoss || parseFlag("QUIVER_ACCEPT_LOG_LOSS", env.get("QUIVER_ACCEPT_LOG_LOSS"))) {
        c = c.withEngine(c.engine().withAcceptLogLoss(true));
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
    return c;
  }

  private static boolean parseFlag(String variable, String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException(variable + " must be true or false, got '" + value + "'");
    };
  }

  /**
   * One line on what opening the folder took, so that a slow start after a crash is explained:
   * the time to open it, and how much of it was log replay (what the checkpoints did not cover).
   */
  static String recoverySummary(Quiver db, long openMillis) {
    long records = 0;
    long bytes = 0;
    long replayMillis = 0;
    long points = 0;
    List<String> names = db.collectionNames();
    for (String name : names) {
      dev.quiver.engine.EmbeddedCollection c = db.collection(name);
      dev.quiver.engine.RecoveryReport r = c.recovery();
      records += r.replayedRecords();
      bytes += r.replayedBytes();
      replayMillis += r.replayMillis();
      points += c.count(null);
    }
    return String.format(java.util.Locale.ROOT, "Quiver recovered %d collection%s (%,d points) in %.1f s; replayed"
        + " %,d log records (%.1f MiB) in %.1f s", names.size(), names.size() == 1 ? "" : "s", points,
        openMillis / 1000.0, records, bytes / (double) (1 << 20), replayMillis / 1000.0);
  }

  private static long parseMaxBody(String text) {
    try {
      return ServerConfig.parseBytes(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--max-body: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    QuiverServer server;
    Quiver db;
    String recovery;
    try {
      config = config();
      dev.quiver.engine.rag.GeneratorConfig.resolve(llmUrl, llmModel, llmApiKey, env); // refuse a bad URL/model now
      setIfGiven("quiver.llm.url", llmUrl);       // read by the server's ask route (AskRoutes)
      setIfGiven("quiver.llm.model", llmModel);
      setIfGiven("quiver.llm.api-key", llmApiKey);
      // Opened here rather than by QuiverServer.start(config), to report what recovery took.
      long openStarted = System.nanoTime();
      db = Quiver.open(config.dataDir(), config.engine());
      try {
        recovery = recoverySummary(db, (System.nanoTime() - openStarted) / 1_000_000);
        server = QuiverServer.start(config, db);
      } catch (java.io.UncheckedIOException e) {
        db.close();
        throw e.getCause();
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
    } catch (Exception e) {
      started.completeExceptionally(e);
      throw e;
    }
    AtomicBoolean closed = new AtomicBoolean();
    Runnable shutdown = () -> {
      if (closed.compareAndSet(false, true)) {
        try {
          try {
            server.close();
          } finally {
            db.close();
          }
          spec.commandLine().getErr().println("quiver: stopped, data folder closed");
        } catch (IOException | RuntimeException e) {
          spec.commandLine().getErr().println("quiver: error while stopping: " + e.getMessage());
        }
        spec.commandLine().getErr().flush();
      }
    };
    Thread hook = new Thread(() -> {
      shutdown.run();
      stop.countDown();
    }, "quiver-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().println(recovery);
    // Served as unavailable (the others are served); each error names the file and what to do.
    db.unavailableCollections().forEach((name, error) -> spec.commandLine().getErr().println(
        "quiver: warning: collection '" + name + "' is unavailable (/readyz says degraded; drop it with"
        + " DELETE /collections/" + name + " or restore it from a snapshot): " + error));
    spec.commandLine().getErr().flush();
    spec.commandLine().getOut().println("Quiver serving " + config.dataDir().toAbsolutePath().normalize()
        + " at " + server.uri() + (config.authEnabled() ? " (API key required)" : "")
        + "  (Ctrl-C to stop)");
    spec.commandLine().getOut().flush();
    started.complete(server);
    stop.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
    shutdown.run();
    return ExitCodes.OK;
  }

  private static void setIfGiven(String property, String value) {
    if (value != null) {
      System.setProperty(property, value);
    }
  }
}
