package dev.quiver.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads request bodies within the size limit, whether or not the client sent a Content-Length
 * (chunked bodies are counted as they arrive), and checks their media type.
 */
final class RequestBodies {

  /** Context attribute set once the body was read to its end. */
  private static final String READ = "quiver.body.read";
  /** Context attribute (Long, bytes/s): the slowest body accepted; set by the server for each request. */
  static final String MIN_RATE = "quiver.body.minRate";
  private static final long GRACE_MILLIS = 1_000;

  private RequestBodies() {}

  /** The JSON body; {@code optional} turns an empty body into {@code {}}. */
  static JsonNode json(Context ctx, long maxBytes, boolean optional) {
    String ct = ctx.header("Content-Type");
    if (ct == null || ct.isBlank()) {
      if (optional && !hasBody(ctx)) {
        return ApiCodec.mapper().createObjectNode(); // curl -X POST .../points/scroll
      }
      // Required, not assumed: a browser sends a cross-site POST without asking the server first only
      // for form and text/plain types, so a JSON route that took any body would take those too.
      throw new ApiException(ApiErrorCode.UNSUPPORTED_MEDIA_TYPE, "this route takes a JSON body and the request has no Content-Type;"
          + " send the header 'Content-Type: application/json' (curl: -H 'content-type: application/json')");
    }
    requireMediaType(ctx, "'Content-Type: application/json'", RequestBodies::isJson);
    byte[] bytes = read(ctx, maxBytes);
    if (bytes.length == 0 && optional) {
      return ApiCodec.mapper().createObjectNode();
    }
    return ApiCodec.readTree(bytes);
  }

  /** Copies the raw body to {@code out}, refusing non-binary media types. Returns the byte count. */
  static long copyBinary(Context ctx, OutputStream out, long maxBytes) throws IOException {
    requireMediaType(ctx, "application/octet-stream",
        t -> t.equals("application/octet-stream") || t.equals("application/zip"));
    return copy(ctx, out, maxBytes);
  }

  /** The raw body of a document upload: any type but JSON and form encodings. */
  static byte[] document(Context ctx, long maxBytes) {
    requireMediaType(ctx, "the file's bytes (application/octet-stream, application/pdf, text/plain,"
        + " text/markdown or text/html)", t -> !isJson(t) && !t.startsWith("multipart/")
        && !t.equals("application/x-www-form-urlencoded"));
    return read(ctx, maxBytes);
  }

  /** The raw body of an image or sound upload: image/*, audio/*, application/octet-stream (or no type). */
  static byte[] media(Context ctx, long maxBytes) {
    requireMediaType(ctx, "the file's bytes (image/png, image/jpeg, image/gif, image/bmp, audio/wav or"
        + " application/octet-stream)", t -> t.startsWith("image/") || t.startsWith("audio/")
        || t.equals("application/octet-stream"));
    return read(ctx, maxBytes);
  }

  /**
   * Reads and discards what is left of the body (at most {@code maxBytes}). A request refused
   * before its body was read would otherwise leave bytes unread in the socket, and closing a
   * socket with unread input sends a TCP reset that can destroy the response on its way.
   */
  static void drain(Context ctx, long maxBytes) {
    if (ctx.attribute(READ) != null || !hasBody(ctx)) {
      // Nothing left, and asking would not be free: Jetty checks the minimum data rate on every
      // read, over the time since the body's first byte, handler time included, and fails the
      // response of a request that took longer than its body's size allows.
      return;
    }
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] buf = new byte[16 * 1024];
      long total = 0;
      Long rate = ctx.attribute(MIN_RATE);
      long started = System.nanoTime();
      for (int n; total <= maxBytes && (n = in.read(buf)) > 0; ) {
        total += n;
        if (rate != null) {
          checkRate(total, started, rate); // a trickle is not waited for here either
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or sent garbage: nothing left to protect
    }
  }

  /** Whether the request announced a body: a positive length or a transfer coding. */
  static boolean hasBody(Context ctx) {
    return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
  }

  private static boolean isJson(String t) {
    return t.equals("application/json") || t.endsWith("+json") || t.equals("text/json");
  }

  private static void requireMediaType(Context ctx, String expected, java.util.function.Predicate<String> ok) {
    String ct = ctx.header("Content-Type");
    if (ct == null || ct.isBlank()) {
      return; // raw bytes: a missing type is taken as the expected one (curl --data-binary, simple clients)
    }
    String type = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!ok.test(type)) {
      throw new ApiException(ApiErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + ct
          + "' is not supported here; send " + expected);
    }
  }

  private static byte[] read(Context ctx, long maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, 1 << 20) : 1024);
    try {
      copy(ctx, out, maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // ByteArrayOutputStream does not throw
    }
    return out.toByteArray();
  }

  private static long copy(Context ctx, OutputStream out, long maxBytes) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(declared + " bytes", maxBytes);
    }
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    InputStream in = ctx.req().getInputStream();
    Long rate = ctx.attribute(MIN_RATE);
    long started = System.nanoTime();
    for (int n; (n = readSome(in, buf)) >= 0; ) {
      total += n;
      if (total > maxBytes) {
        throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
      }
      if (rate != null) {
        checkRate(total, started, rate);
      }
      out.write(buf, 0, n); // a failure here is the server's (a full disk), not the client's
    }
    ctx.attribute(READ, Boolean.TRUE);
    return total;
  }

  /**
   * Refuses a body arriving slower than {@code rate} bytes/s after a one-second grace. Checked after
   * every read, so a body trickling a byte at a time fails within a second or two; a body that
   * stops altogether is cut by the idle timeout. (Jetty's own HttpConfiguration#setMinRequestDataRate
   * has no grace and counts the handler's time before its last read, so it failed small bodies
   * read a few milliseconds late.)
   */
  private static void checkRate(long total, long startedNanos, long rate) {
    long elapsedMillis = (System.nanoTime() - startedNanos) / 1_000_000;
    if (rate > 0 && elapsedMillis > GRACE_MILLIS && total < rate * (elapsedMillis - GRACE_MILLIS) / 1000) {
      throw new ApiException(ApiErrorCode.REQUEST_TIMEOUT, "the request body arrived too slowly: " + total
          + " bytes in " + elapsedMillis + " ms, under the minimum of " + rate + " bytes/s; send it at full speed,"
          + " or lower the minimum with QUIVER_MIN_BODY_RATE (0: none)");
    }
  }

  /** One read of the body; every way the client can fail it is a 4xx. */
  private static int readSome(InputStream in, byte[] buf) {
    try {
      return in.read(buf);
    } catch (IOException e) {
      if (e.getCause() instanceof TimeoutException || e instanceof InterruptedIOException) {
        throw new ApiException(ApiErrorCode.REQUEST_TIMEOUT, "the request body stopped arriving for longer than the"
            + " idle timeout (QUIVER_IDLE_TIMEOUT); send the whole body without pausing");
      }
      throw new ApiException(ApiErrorCode.BAD_REQUEST, "request body could not be read: " + e.getMessage());
    } catch (RuntimeException e) {
      // a malformed chunked encoding and the like
      throw new ApiException(ApiErrorCode.BAD_REQUEST, "request body could not be read: " + e.getMessage());
    }
  }

  private static ApiException tooLarge(String size, long maxBytes) {
    return new ApiException(ApiErrorCode.PAYLOAD_TOO_LARGE, "request body of " + size + " is over the limit of "
        + maxBytes + " bytes; send smaller batches or raise QUIVER_MAX_BODY_BYTES");
  }
}
