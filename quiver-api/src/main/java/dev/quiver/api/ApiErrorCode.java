package dev.quiver.api;

import java.util.Locale;

/**
 * The {@code code} of an error envelope and the HTTP status that carries it (docs/http-api.md).
 * Shared by the server (which picks the code) and the client (which maps it back to an exception).
 */
public enum ApiErrorCode {
  /** Malformed JSON, wrong type, unknown field, invalid value, wrong dimension, NaN/Infinity. */
  BAD_REQUEST(400),
  /** A filter that does not parse. */
  INVALID_FILTER(400),
  /** A collection bound to a model version other than the one the server provides. */
  MODEL_MISMATCH(400),
  /** Unknown collection, point, snapshot or route. */
  NOT_FOUND(404),
  /** Create of an existing collection. */
  ALREADY_EXISTS(409),
  /** A key is required and missing or wrong. */
  UNAUTHORIZED(401),
  /** The read-only key on a write route. */
  FORBIDDEN(403),
  /** Known path, wrong method. */
  METHOD_NOT_ALLOWED(405),
  /** A request body that arrived slower than the server's minimum rate, or stopped arriving. */
  REQUEST_TIMEOUT(408),
  /** Body over the configured limit. */
  PAYLOAD_TOO_LARGE(413),
  /** A body that is not JSON where JSON is required. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** A real server fault (I/O error); the message says what failed. */
  INTERNAL(500),
  /** An upstream service the request needed (the ask route's generator) failed; the message names it. */
  BAD_GATEWAY(502),
  /** The server is shutting down, or the collection was deleted while the request ran; retry. */
  UNAVAILABLE(503);

  private final int httpStatus;

  ApiErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The wire form: {@code bad_request}, {@code not_found}, ... */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant whose {@link #code()} is {@code code}.
   *
   * @throws IllegalArgumentException naming the code and the known ones
   */
  public static ApiErrorCode fromCode(String code) {
    for (ApiErrorCode c : values()) {
      if (c.code().equals(code)) {
        return c;
      }
    }
    StringBuilder known = new StringBuilder();
    for (ApiErrorCode c : values()) {
      known.append(known.isEmpty() ? "" : ", ").append(c.code());
    }
    throw new IllegalArgumentException("unknown error code '" + code + "'; expected one of " + known);
  }

  /** The code for an HTTP status with no more specific code (e.g. a framework 404 or 405). */
  public static ApiErrorCode forStatus(int status) {
    for (ApiErrorCode c : values()) {
      if (c.httpStatus == status) {
        return c;
      }
    }
    return status >= 500 ? INTERNAL : BAD_REQUEST;
  }
}
