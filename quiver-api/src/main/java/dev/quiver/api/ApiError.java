package dev.quiver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.CollectionExistsException;
import dev.quiver.engine.ModelMismatchException;
import dev.quiver.engine.NoSuchCollectionException;
import dev.quiver.engine.filter.InvalidFilterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error half of the envelope: {@code {"status": {"error": message, "code": code}, "time": s}}.
 *
 * @param code what kind of error
 * @param message names the bad value and what was expected
 */
public record ApiError(ApiErrorCode code, String message) {

  private static final Pattern NO_SUCH = Pattern.compile(
      "collection '([^']*)' does not exist; existing collections: (.*)", Pattern.DOTALL);
  private static final Pattern EXISTS = Pattern.compile("collection '([^']*)' already exists.*", Pattern.DOTALL);

  public ApiError {
    if (code == null) {
      throw new IllegalArgumentException("error code is required");
    }
    message = message == null ? code.code() : message;
  }

  /** The envelope with {@code time} in seconds. */
  public ObjectNode toJson(double seconds) {
    ObjectNode root = ApiCodec.mapper().createObjectNode();
    ObjectNode status = root.putObject("status");
    status.put("error", message);
    status.put("code", code.code());
    root.put("time", seconds);
    return root;
  }

  /**
   * The error in an envelope, or null when the envelope is a success ({@code "status": "ok"}).
   * An unknown code maps to the one implied by {@code httpStatus}.
   */
  public static ApiError fromJson(JsonNode envelope, int httpStatus) {
    if (envelope == null) {
      return null;
    }
    JsonNode status = envelope.get("status");
    if (status != null && status.isTextual() && status.asText().equals("ok")) {
      return null;
    }
    if (status == null || !status.isObject()) {
      return new ApiError(ApiErrorCode.forStatus(httpStatus),
          "HTTP " + httpStatus + " with an unexpected body: " + ApiCodec.show(envelope));
    }
    String message = status.path("error").asText("HTTP " + httpStatus);
    ApiErrorCode code;
    try {
      code = ApiErrorCode.fromCode(status.path("code").asText(""));
    } catch (IllegalArgumentException e) {
      code = ApiErrorCode.forStatus(httpStatus);
    }
    return new ApiError(code, message);
  }

  /**
   * The exception an embedded caller would have seen, so code behaves the same over HTTP
   * (docs/http-api.md, column "client throws"): {@code bad_request} and {@code payload_too_large}
   * become {@link IllegalArgumentException}, {@code invalid_filter} {@link InvalidFilterException},
   * {@code model_mismatch} {@link ModelMismatchException}, an unknown collection
   * {@link NoSuchCollectionException} (same message), {@code already_exists}
   * {@link CollectionExistsException}, {@code unauthorized}/{@code forbidden}
   * {@link SecurityException}, {@code internal} {@link UncheckedIOException}; anything else an
   * {@link ApiException} carrying the code.
   */
  public RuntimeException toException() {
    return switch (code) {
      case BAD_REQUEST, PAYLOAD_TOO_LARGE -> new IllegalArgumentException(message);
      case INVALID_FILTER -> new InvalidFilterException(message);
      case MODEL_MISMATCH -> new ModelMismatchException(message);
      case UNAUTHORIZED, FORBIDDEN -> new SecurityException(message);
      case INTERNAL -> new UncheckedIOException(new IOException(message));
      case NOT_FOUND -> {
        Matcher m = NO_SUCH.matcher(message);
        if (!m.matches()) {
          yield new ApiException(code, message);
        }
        Set<String> known = m.group(2).equals("none") ? Set.of()
            : new LinkedHashSet<>(Arrays.asList(m.group(2).split(", ")));
        yield new NoSuchCollectionException(m.group(1), known);
      }
      case ALREADY_EXISTS -> {
        Matcher m = EXISTS.matcher(message);
        yield m.matches() ? new CollectionExistsException(m.group(1)) : new ApiException(code, message);
      }
      default -> new ApiException(code, message);
    };
  }
}
