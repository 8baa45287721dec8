package dev.quiver.server;

import dev.quiver.api.ApiCodec;
import dev.quiver.api.ApiError;
import dev.quiver.api.ApiErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own refusals (a malformed request line, a bad URI encoding, headers too large) in the
 * same JSON envelope as everything else, instead of Jetty's HTML page; never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

  JsonErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Responses.JSON);
    return ByteBuffer.wrap(envelope(status, reason));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    drain(request);
    response.setContentType(Responses.JSON);
    response.getOutputStream().write(envelope(code, message));
  }

  /**
   * Reads and discards the unread body (up to {@link #DRAIN_BYTES}) of a request refused before
   * routing (e.g. an ambiguous URI), so closing the connection does not reset it under the
   * response; see {@link RequestBodies#drain}.
   */
  private static void drain(HttpServletRequest request) {
    try {
      java.io.InputStream in = request.getInputStream();
      byte[] buf = new byte[16 * 1024];
      long total = 0;
      for (int n; total <= DRAIN_BYTES && (n = in.read(buf)) > 0; ) {
        total += n;
      }
    } catch (IOException | RuntimeException e) {
      // no body, already read as a reader, or the client went away: nothing to protect
    }
  }

  private static final long DRAIN_BYTES = 4L << 20;

  private static byte[] envelope(int status, String reason) {
    String text = reason == null || reason.isBlank() ? "HTTP " + status : reason;
    return ApiCodec.writeBytes(new ApiError(ApiErrorCode.forStatus(status),
        "the request was refused before routing: " + text).toJson(0));
  }
}
