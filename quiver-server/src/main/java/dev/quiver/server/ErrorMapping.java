package dev.quiver.server;

import dev.quiver.api.ApiError;
import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import dev.quiver.engine.CollectionExistsException;
import dev.quiver.engine.CollectionUnavailableException;
import dev.quiver.engine.ModelMismatchException;
import dev.quiver.engine.NoSuchCollectionException;
import dev.quiver.engine.SnapshotTooLargeException;
import dev.quiver.engine.filter.InvalidFilterException;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become error envelopes. Bad input (every
 * {@link IllegalArgumentException} the codec or engine throws) is a 4xx naming the problem; only
 * real faults are 5xx, logged with their stack trace here and never sent to the client. A
 * collection that could not be opened is a 503 carrying its opening error (the damaged file and
 * offset): the server is fine, that collection is not, until it is deleted or repaired.
 */
final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(QuiverServer.class);

  private ErrorMapping() {}

  static ApiError toError(Throwable e) {
    return switch (e) {
      case ApiException a -> new ApiError(a.code(), a.getMessage());
      case InvalidFilterException f -> new ApiError(ApiErrorCode.INVALID_FILTER, f.getMessage());
      case NoSuchCollectionException n -> new ApiError(ApiErrorCode.NOT_FOUND, n.getMessage());
      case CollectionExistsException x -> new ApiError(ApiErrorCode.ALREADY_EXISTS, x.getMessage());
      case ModelMismatchException m -> new ApiError(ApiErrorCode.MODEL_MISMATCH, m.getMessage());
      case SnapshotTooLargeException t -> new ApiError(ApiErrorCode.PAYLOAD_TOO_LARGE, t.getMessage());
      case CollectionUnavailableException u -> new ApiError(ApiErrorCode.UNAVAILABLE, unavailable(u.collection(),
          u.error()));
      case IllegalArgumentException i -> new ApiError(ApiErrorCode.BAD_REQUEST, message(i));
      case HttpResponseException h -> new ApiError(ApiErrorCode.forStatus(h.getStatus()), httpMessage(h));
      case org.eclipse.jetty.http.BadMessageException b when b.getCode() < 500 ->
          new ApiError(ApiErrorCode.forStatus(b.getCode()), "malformed request: " + b.getReason());
      case IllegalStateException s -> {
        // a collection deleted (or the database closed) while this request was running
        LOG.debug("request refused: {}", s.getMessage());
        yield new ApiError(ApiErrorCode.UNAVAILABLE, s.getMessage() + "; retry the request");
      }
      case UncheckedIOException io -> internal("I/O error: " + message(io) + ": " + message(io.getCause()), e);
      case IOException io -> internal("I/O error: " + message(io), e);
      default -> internal("internal error (" + e.getClass().getSimpleName() + "): " + message(e), e);
    };
  }

  /** The message for a collection that could not be opened: its error and the way out, over HTTP. */
  static String unavailable(String collection, String error) {
    return "collection '" + collection + "' is unavailable: " + error + ". Delete it (DELETE /collections/"
        + collection + ") and upload a snapshot under its name, or repair the file and restart the server";
  }

  private static ApiError internal(String message, Throwable e) {
    LOG.warn("request failed: {}", message, e);
    return new ApiError(ApiErrorCode.INTERNAL, message);
  }

  private static String httpMessage(HttpResponseException h) {
    return switch (h.getStatus()) {
      case 404 -> "no route matches this path; see GET /openapi.json for the routes";
      case 405 -> "this path does not accept this method" + (h.getDetails().isEmpty() ? ""
          : "; allowed: " + String.join(", ", h.getDetails().values()));
      case 413 -> "request body is over the size limit";
      default -> message(h);
    };
  }

  private static String message(Throwable t) {
    return t == null || t.getMessage() == null ? (t == null ? "unknown" : t.getClass().getSimpleName()) : t.getMessage();
  }
}
