package dev.quiver.server;

import static dev.quiver.server.Access.OPEN;
import static dev.quiver.server.Access.PAGE;
import static dev.quiver.server.Access.READ;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import dev.quiver.engine.Quiver;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/** The root (the web console for a browser), health probes, metrics and the OpenAPI document. */
final class SystemRoutes {

  static final String VERSION = loadVersion();
  private static final byte[] OPENAPI = loadResource("openapi.json");

  private final Quiver db;
  private final ServerMetrics metrics;
  private final BooleanSupplier ready;
  private final ConsoleRoutes console;

  SystemRoutes(Quiver db, ServerMetrics metrics, BooleanSupplier ready, ConsoleRoutes console) {
    this.db = db;
    this.metrics = metrics;
    this.ready = ready;
    this.console = console;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/", PAGE, this::root),
        Route.get("/healthz", OPEN, SystemRoutes::alive),
        Route.get("/livez", OPEN, SystemRoutes::alive),
        Route.get("/readyz", OPEN, this::readyz),
        Route.get("/metrics", READ, ctx -> ctx.status(200).contentType(ServerMetrics.CONTENT_TYPE)
            .result(metrics.render(db))),
        Route.get("/openapi.json", READ, ctx -> ctx.status(200).contentType(Responses.JSON).result(OPENAPI)));
  }

  /** A browser gets the web console; an API client the title and version. */
  private void root(Context ctx) {
    if (ConsoleRoutes.wantsHtml(ctx)) {
      console.page(ctx);
    } else {
      Responses.ok(ctx, ApiCodec.mapper().createObjectNode().put("title", "quiver").put("version", VERSION));
    }
  }

  private static void alive(Context ctx) {
    Responses.ok(ctx, TextNode.valueOf("ok"));
  }

  /**
   * 503 while starting or shutting down; otherwise 200 with {@code "ok"}, or {@code "degraded"} when
   * a collection could not be opened. Degraded stays 200 on purpose: the other collections are
   * served, and taking the instance out of rotation (or restarting it) would not repair a damaged
   * file but would make every collection unreachable. GET /collections names the broken one and
   * its error; the metric quiver_collections_unavailable is the one to alert on.
   */
  private void readyz(Context ctx) {
    if (!ready.getAsBoolean()) {
      throw new ApiException(ApiErrorCode.UNAVAILABLE, "the server is not ready (starting or shutting down)");
    }
    Responses.ok(ctx, TextNode.valueOf(db.unavailableCollections().isEmpty() ? "ok" : "degraded"));
  }

  static byte[] loadResource(String name) {
    try (InputStream in = SystemRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the quiver-server jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  private static String loadVersion() {
    Properties p = new Properties();
    try (InputStream in = SystemRoutes.class.getResourceAsStream("quiver-server.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    String v = p.getProperty("version", "unknown");
    return v.startsWith("${") ? "unknown" : v;
  }
}
