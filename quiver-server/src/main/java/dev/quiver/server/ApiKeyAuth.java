package dev.quiver.server;

import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks the {@code api-key} header (or {@code Authorization: Bearer}) against the configured
 * keys. Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so neither the
 * content nor the length of a key leaks through timing. Immutable.
 */
final class ApiKeyAuth {

  private final byte[] admin;
  private final byte[] readOnly;
  /** The server's route table, asked only when a 403 is written (the table is built after this). */
  private final Supplier<List<Route>> routes;

  ApiKeyAuth(String adminKey, String readOnlyKey, Supplier<List<Route>> routes) {
    this.admin = adminKey == null ? null : digest(adminKey);
    this.readOnly = readOnlyKey == null ? null : digest(readOnlyKey);
    this.routes = routes;
  }

  /**
   * @throws ApiException {@code unauthorized} without a valid key, {@code forbidden} for the
   *     read-only key on a write route
   */
  void check(Context ctx, Route route) {
    if (admin == null || route.access() == Access.OPEN
        || (route.access() == Access.PAGE && ConsoleRoutes.wantsHtml(ctx))) {
      return;
    }
    String key = presentedKey(ctx);
    if (key == null) {
      throw new ApiException(ApiErrorCode.UNAUTHORIZED, "this server requires an API key: send the header"
          + " 'api-key: <key>' or 'Authorization: Bearer <key>'");
    }
    byte[] d = digest(key);
    boolean isAdmin = MessageDigest.isEqual(d, admin);
    boolean isReader = readOnly != null && MessageDigest.isEqual(d, readOnly);
    if (isAdmin) {
      return;
    }
    if (isReader) {
      if (route.access() == Access.READ || route.access() == Access.PAGE) {
        return;
      }
      throw new ApiException(ApiErrorCode.FORBIDDEN, "the read-only API key may not call " + route.method()
          + " " + route.path() + "; it may call the GET routes and the POST routes that only read ("
          + readingPosts() + "); use the admin key");
    }
    throw new ApiException(ApiErrorCode.UNAUTHORIZED, "the API key is not valid for this server");
  }

  /**
   * {@code .../points, .../points/search, ..., /audit}: every POST route the read-only key may call
   * (they read: get-by-ids, search, scroll, count, recommend, ask, map/query, audit), from the table.
   */
  private String readingPosts() {
    StringBuilder sb = new StringBuilder();
    for (Route r : routes.get()) {
      if (r.access() == Access.READ && r.method() == HandlerType.POST) {
        sb.append(sb.isEmpty() ? "" : ", ").append(r.path().replace("/collections/{c}", "..."));
      }
    }
    return sb.toString();
  }

  /**
   * What the presented key may do, without refusing anything: {@code admin} (or no keys
   * configured), {@code read_only}, {@code anonymous} (a key is required and none was sent) or
   * {@code invalid}. The console asks this to know whether to show write buttons.
   */
  String role(Context ctx) {
    if (admin == null) {
      return "admin";
    }
    String key = presentedKey(ctx);
    if (key == null) {
      return "anonymous";
    }
    byte[] d = digest(key);
    if (MessageDigest.isEqual(d, admin)) {
      return "admin";
    }
    return readOnly != null && MessageDigest.isEqual(d, readOnly) ? "read_only" : "invalid";
  }

  /** Whether the request may call at least the read routes: a valid key, or no keys configured. */
  boolean authenticated(Context ctx) {
    String r = role(ctx);
    return r.equals("admin") || r.equals("read_only");
  }

  boolean keyRequired() {
    return admin != null;
  }

  private static String presentedKey(Context ctx) {
    String k = ctx.header("api-key");
    if (k != null && !k.isEmpty()) {
      return k;
    }
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String t = auth.substring(7).trim();
      return t.isEmpty() ? null : t;
    }
    return null;
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
