package dev.quiver.server;

import dev.quiver.api.ApiError;
import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import dev.quiver.engine.Quiver;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine over HTTP (docs/http-api.md): Javalin on Jetty, one handler per route of the route
 * table, auth, size limits and error mapping around them.
 *
 * <pre>{@code
 * try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0))) {
 *   System.out.println(server.uri());   // http://127.0.0.1:41234/
 * }
 * }</pre>
 *
 * <p>Threads: Jetty's pool runs the handlers; the engine does its own locking, so searches run
 * beside writes. {@link #close()} stops taking requests, waits (bounded) for those in flight,
 * stops Jetty and then closes the database if this server opened it.
 */
public final class QuiverServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QuiverServer.class);
  /** How long {@link #close()} waits for requests in flight. */
  private static final long DRAIN_MILLIS = 10_000;
  private static final String ROUTE = "quiver.route";
  private static final String COUNTED = "quiver.counted";
  private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

  private final ServerConfig config;
  private final Quiver db;
  private final boolean ownsDb;
  private final ServerMetrics metrics = new ServerMetrics();
  private final ApiKeyAuth auth;
  private final OriginCheck origins;
  private final List<Route> routes;
  /** Requests between the before and after handlers; with {@link #closing} this drains on close. */
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closing;
  private volatile boolean closed;
  private Javalin app;

  private QuiverServer(ServerConfig config, Quiver db, boolean ownsDb) {
    this.config = config;
    this.db = db;
    this.ownsDb = ownsDb;
    this.auth = new ApiKeyAuth(config.adminApiKey(), config.readOnlyApiKey(), this::routes);
    this.origins = new OriginCheck(config);
    List<Route> all = new ArrayList<>();
    ConsoleRoutes console = new ConsoleRoutes(auth);
    all.addAll(new SystemRoutes(db, metrics, () -> !closing, console).routes());
    all.addAll(console.routes());
    all.addAll(new CollectionRoutes(db, config.maxBodyBytes()).routes());
    all.addAll(new SnapshotRoutes(db, config.maxBodyBytes()).routes());
    all.addAll(new DocumentRoutes(db, config.maxBodyBytes()).routes());
    all.addAll(new MediaRoutes(db, config.maxBodyBytes()).routes());
    all.addAll(new RecommendRoutes(db, config.maxBodyBytes()).routes());
    all.addAll(new QualityRoutes(db, config.maxBodyBytes()).routes());
    all.addAll(new MapRoutes(db, config.maxBodyBytes()).routes());
    all.addAll(new AskRoutes(db, config.maxBodyBytes(), AskRoutes.generatorFromEnvironment()).routes());
    this.routes = List.copyOf(all);
  }

  /**
   * Opens the database at {@code config.dataDir()} and serves it; {@link #close()} closes both.
   *
   * @throws IOException if the database cannot be opened or the port cannot be bound
   */
  public static QuiverServer start(ServerConfig config) throws IOException {
    Quiver db = Quiver.open(config.dataDir(), config.engine());
    try {
      QuiverServer s = new QuiverServer(config, db, true);
      s.startHttp();
      return s;
    } catch (UncheckedIOException e) {
      db.close();
      throw e.getCause();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * Serves a database that is already open; {@link #close()} leaves it open.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static QuiverServer start(ServerConfig config, Quiver db) {
    QuiverServer s = new QuiverServer(config, db, false);
    s.startHttp();
    return s;
  }

  /** The bound port (the real one when the configured port was 0). */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port/}. */
  public URI uri() {
    String host = config.host();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    } else if (host.equals("::") || host.equals("[::]")) {
      host = "[::1]";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  public ServerConfig config() {
    return config;
  }

  /** Method and path template of every route, in registration order (for the OpenAPI check). */
  List<Route> routes() {
    return routes;
  }

  private void startHttp() {
    app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.http.prefer405over404 = true;
      cfg.http.maxRequestSize = config.maxBodyBytes();
      cfg.router.ignoreTrailingSlashes = true;
      cfg.jetty.addConnector((server, http) -> {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        if (config.maxConnectionsPerClient() > 0) {
          connector.addEventListener(new ClientConnectionLimit(config.maxConnectionsPerClient()));
        }
        return connector;
      });
      // no Jetty stop timeout: close() drains requests itself, and a graceful Jetty stop after a
      // failed bind would hide the BindException behind "STOPPED"
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
      if (!config.corsOrigins().isEmpty()) {
        cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
          if (config.corsOrigins().contains("*")) {
            rule.anyHost();
          } else {
            List<String> o = config.corsOrigins();
            rule.allowHost(o.get(0), o.subList(1, o.size()).toArray(String[]::new));
          }
        }));
      }
    });
    app.before(this::before);
    app.after(this::after);
    app.exception(Exception.class, (e, ctx) -> Responses.error(ctx, ErrorMapping.toError(e)));
    // Javalin answers unmatched paths and methods itself; put its answers into the envelope.
    app.error(404, ctx -> unmatched(ctx, 404));
    app.error(405, ctx -> unmatched(ctx, 405));
    for (Route r : routes) {
      app.addHttpHandler(r.method(), r.path(), wrap(r));
    }
    try {
      app.start();
    } catch (Exception e) { // Javalin (Kotlin) may throw checked exceptions undeclared
      Throwable cause = e;
      while (cause != null && !(cause instanceof BindException)) {
        cause = cause.getCause();
      }
      if (cause != null || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("in use")) {
        throw new UncheckedIOException(new BindException("cannot listen on " + config.host() + ":" + config.port()
            + ": " + (cause != null ? cause.getMessage() : e.getMessage()) + "; choose another port (QUIVER_PORT)"));
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException("HTTP server failed to start: " + e, e);
    }
    LOG.info("Quiver {} serving {} on {}{}", SystemRoutes.VERSION, db.folder(), uri(),
        config.authEnabled() ? " (API key required)" : "");
  }

  private void unmatched(Context ctx, int status) {
    if (ctx.attribute(Responses.ENVELOPED) != null) {
      return; // a handler's own 404 (unknown collection, point, snapshot)
    }
    String path = ctx.path();
    List<String> allowed = new ArrayList<>();
    for (Route r : routes) {
      if (path.matches(r.path().replaceAll("\\{[^/]+}", "[^/]+").replace(".", "\\.") + "/?")) {
        allowed.add(r.method().name());
      }
    }
    String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
    if (status == 405 || !allowed.isEmpty()) {
      ctx.header("Allow", String.join(", ", allowed));
      Responses.error(ctx, new ApiError(ApiErrorCode.METHOD_NOT_ALLOWED, ctx.method().name() + " is not allowed on "
          + shown + "; allowed: " + String.join(", ", allowed)));
    } else {
      Responses.error(ctx, new ApiError(ApiErrorCode.NOT_FOUND, "no route " + ctx.method().name() + " " + shown
          + "; GET /openapi.json lists the routes"));
    }
  }

  private Handler wrap(Route r) {
    return ctx -> {
      ctx.attribute(ROUTE, r.path());
      auth.check(ctx, r);
      r.handler().handle(ctx);
    };
  }

  private void before(Context ctx) {
    ctx.attribute(Responses.START, System.nanoTime());
    // Count first, then look at the flag: close() sets the flag, then waits for the count, so a
    // request either sees the flag or is waited for.
    inFlight.incrementAndGet();
    ctx.attribute(COUNTED, Boolean.TRUE);
    // a body slower than this fails its next read (408), so a trickle cannot hold a thread; one
    // that stops altogether is cut by the idle timeout
    ctx.attribute(RequestBodies.MIN_RATE, config.minBodyBytesPerSecond());
    if (closing) {
      throw new ApiException(ApiErrorCode.UNAVAILABLE, "the server is shutting down; retry against another instance");
    }
    String override = ctx.header(METHOD_OVERRIDE);
    if (override != null) {
      // Javalin would route by this header, so a GET (safe to a browser, a cache, a proxy) could
      // delete a collection; refuse it rather than ignore it, so a client relying on it learns why
      throw new ApiException(ApiErrorCode.BAD_REQUEST, METHOD_OVERRIDE + " is not supported (got '"
          + shown(override) + "' on a " + ctx.req().getMethod() + "); send " + shown(override)
          + " as the request's method");
    }
    origins.check(ctx);
  }

  private static String shown(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private void after(Context ctx) {
    if (RequestBodies.hasBody(ctx) && (ctx.statusCode() == 408 || (auth.keyRequired() && !auth.authenticated(ctx)))) {
      // Not read, and not worth a thread: a client without a key (or one whose body was too slow)
      // could send it a byte a second. Jetty closes the connection after the answer instead.
      ctx.header("Connection", "close");
    } else {
      RequestBodies.drain(ctx, config.maxBodyBytes());
    }
    String route = ctx.attribute(ROUTE);
    metrics.record(route == null ? ServerMetrics.UNMATCHED : route, ctx.method().name(), ctx.statusCode(),
        Responses.seconds(ctx));
    if (ctx.attribute(COUNTED) != null) {
      ctx.attribute(COUNTED, null);
      inFlight.decrementAndGet();
    }
  }

  /**
   * Stops accepting requests, lets those in flight finish (up to 10 s), stops the HTTP server and,
   * if this server opened the database, closes it so the log is flushed and checkpointed.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    closing = true;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      LOG.warn("stopping with {} requests still running after {} ms", inFlight.get(), DRAIN_MILLIS);
    }
    try {
      app.stop();
    } finally {
      if (ownsDb) {
        db.close();
      }
    }
  }
}
