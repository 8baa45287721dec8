package dev.quiver.server;

import static dev.quiver.server.Access.OPEN;

import dev.quiver.api.ApiCodec;
import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console: plain ES modules, CSS and HTML committed under
 * {@code src/main/resources/dev/quiver/server/console/} and served from the jar, so it works
 * offline and needs no build step. {@code GET /} answers a browser (Accept: text/html) with the page
 * and anything else with the JSON title as before; {@code GET /console/{asset}} serves the files;
 * {@code GET /auth} tells the page whether it needs a key and what the one it holds may do. None of
 * these need a key: the page asks for one and sends it with every API call.
 */
final class ConsoleRoutes {

  /** Only plain file names of the console folder: no separators, no dot-dot. */
  private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}\\.(js|css|html|svg|png)");
  private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8", "svg", "image/svg+xml",
      "png", "image/png");
  /**
   * The page runs only this server's scripts and talks only to this server; images and sounds may
   * come from data: URLs and http(s) URLs in payloads. Inline style attributes are allowed (bar
   * heights); inline scripts are not, so a payload that slipped into the markup could not run.
   */
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
      + " connect-src 'self'; img-src 'self' data: blob: http: https:; media-src 'self' data: blob: http: https:;"
      + " form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
  /** Asset bytes by name, read once from the jar; a missing asset is not cached. */
  private final Map<String, byte[]> assets = new ConcurrentHashMap<>();
  private final ApiKeyAuth auth;

  ConsoleRoutes(ApiKeyAuth auth) {
    this.auth = auth;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/console/{asset}", OPEN, this::asset),
        Route.get("/auth", OPEN, this::authInfo));
  }

  /** True when the client asks for an HTML page (a browser navigating), not for JSON. */
  static boolean wantsHtml(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("text/html");
  }

  /** Writes the console's page. */
  void page(Context ctx) {
    byte[] html = load("index.html");
    ctx.attribute(Responses.ENVELOPED, Boolean.TRUE);
    ctx.status(200).contentType(TYPES.get("html")).header("Cache-Control", "no-cache")
        .header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff").result(html);
  }

  private void asset(Context ctx) {
    String name = ctx.pathParam("asset");
    if (!ASSET.matcher(name).matches()) {
      throw new ApiException(ApiErrorCode.NOT_FOUND, "console asset '" + shown(name) + "' does not exist");
    }
    byte[] bytes = load(name);
    ctx.attribute(Responses.ENVELOPED, Boolean.TRUE);
    ctx.status(200).contentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)))
        .header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff").result(bytes);
  }

  private void authInfo(Context ctx) {
    Responses.ok(ctx, ApiCodec.mapper().createObjectNode().put("key_required", auth.keyRequired())
        .put("role", auth.role(ctx)));
  }

  private byte[] load(String name) {
    byte[] b = assets.get(name);
    if (b != null) {
      return b;
    }
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream("console/" + name)) {
      if (in == null) {
        throw new ApiException(ApiErrorCode.NOT_FOUND, "console asset '" + name + "' does not exist");
      }
      b = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console asset " + name, e);
    }
    assets.put(name, b);
    return b;
  }

  private static String shown(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
