package dev.quiver.server;

import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps web pages from using the server through the user's browser (issue #17, item 2). Two
 * checks, on every route:
 *
 * <ul>
 *   <li><b>Origin.</b> A browser names the page's origin on every cross-site request that is not a
 *       plain navigation or image load. One that is neither this server's own origin (the console,
 *       whose Origin matches the Host it was loaded from) nor listed in {@code corsOrigins} is
 *       refused, whatever its method or content type: a form or a {@code text/plain} POST would
 *       reach the handler without any CORS preflight. Requests without an Origin (curl, the Java
 *       client, scripts) are not browsers acting for a page and pass.
 *   <li><b>Host, when bound to loopback.</b> A page whose own name was re-pointed at 127.0.0.1
 *       (DNS rebinding) is same-origin to itself, so Origin does not catch it, but it sends its own
 *       name as Host. Bound to loopback, only loopback names and addresses are valid Hosts; the port
 *       is not checked, so a forwarded port ({@code ssh -L}) keeps working. Bound to another
 *       address the server cannot know its public names, and an API key is what protects it.
 * </ul>
 *
 * Immutable.
 */
final class OriginCheck {

  /** 127.0.0.0/8 as a dotted literal. */
  private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
  /** Characters of an IPv6 literal: only such strings reach InetAddress, which parses them without DNS. */
  private static final Pattern V6 = Pattern.compile("[0-9a-f:.]+(%[0-9a-z]+)?");

  private final String boundHost;
  /** The bound host as a Host header would name it, lower case, without brackets. */
  private final String boundName;
  private final boolean loopbackOnly;
  private final List<String> corsOrigins;
  private final boolean anyOrigin;

  OriginCheck(ServerConfig config) {
    this.boundHost = config.host();
    String b = boundHost.toLowerCase(Locale.ROOT);
    this.boundName = b.startsWith("[") && b.endsWith("]") ? b.substring(1, b.length() - 1) : b;
    this.loopbackOnly = isLoopback(config.host());
    this.corsOrigins = config.corsOrigins().stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    this.anyOrigin = corsOrigins.contains("*");
  }

  /** @throws ApiException {@code forbidden}, naming the refused Host or Origin and how to allow it */
  void check(Context ctx) {
    String host = ctx.header("Host");
    if (loopbackOnly && host != null && !isLoopbackName(hostName(host))) {
      throw new ApiException(ApiErrorCode.FORBIDDEN, "Host '" + shown(host) + "' is not a name of this server, which"
          + " listens on loopback only (" + boundHost + "); a web page whose name was pointed at 127.0.0.1 sends its"
          + " own. Call it as 127.0.0.1, [::1] or localhost, or bind another address (QUIVER_HOST) to serve other names");
    }
    String origin = ctx.header("Origin");
    if (origin == null || anyOrigin || corsOrigins.contains(origin.toLowerCase(Locale.ROOT))
        || sameOrigin(origin, host)) {
      return;
    }
    throw new ApiException(ApiErrorCode.FORBIDDEN, "Origin '" + shown(origin) + "' is not this server's ("
        + (host == null ? boundHost : shown(host)) + "): a page on another site may not call it through the browser."
        + " To allow a web app there, list its origin in QUIVER_CORS_ORIGINS (ServerConfig.withCorsOrigins), e.g."
        + " QUIVER_CORS_ORIGINS=" + shown(origin));
  }

  /** Origin {@code scheme://host[:port]} names the same host and port as the Host header. */
  private static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    int sep = origin.indexOf("://");
    if (sep < 0) {
      return false; // "null" (a sandboxed frame, a file: page) and anything else malformed
    }
    String scheme = origin.substring(0, sep).toLowerCase(Locale.ROOT);
    String authority = origin.substring(sep + 3);
    return (scheme.equals("http") || scheme.equals("https"))
        && withoutDefaultPort(authority).equalsIgnoreCase(withoutDefaultPort(host.trim()));
  }

  /** {@code example.com:80} and {@code example.com} are the same Host (as is :443 behind TLS). */
  private static String withoutDefaultPort(String authority) {
    if (authority.endsWith(":80")) {
      return authority.substring(0, authority.length() - 3);
    }
    return authority.endsWith(":443") ? authority.substring(0, authority.length() - 4) : authority;
  }

  /** The name in a Host header: {@code [::1]:7333} gives {@code ::1}, {@code localhost:7333} {@code localhost}. */
  private static String hostName(String host) {
    String h = host.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(1, end);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /** localhost, *.localhost (RFC 6761) and loopback literals; no DNS lookup, which rebinding would defeat. */
  private boolean isLoopbackName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    if (n.isEmpty()) {
      return false;
    }
    if (n.equals("localhost") || n.endsWith(".localhost") || n.equals(boundName) || LOOPBACK_V4.matcher(n).matches()) {
      return true;
    }
    if (n.contains(":") && V6.matcher(n).matches()) {
      try {
        return InetAddress.getByName(n).isLoopbackAddress(); // a literal: parsed, not looked up
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static boolean isLoopback(String bound) {
    try {
      return InetAddress.getByName(bound.startsWith("[") ? bound.substring(1, bound.length() - 1) : bound)
          .isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // the bind fails with its own message
    }
  }

  private static String shown(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
