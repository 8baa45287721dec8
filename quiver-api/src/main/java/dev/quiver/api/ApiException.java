package dev.quiver.api;

/**
 * A request refused with a specific {@link ApiErrorCode}: thrown by the server for HTTP-level
 * refusals (auth, size, media type, unknown route) and by the client for envelopes whose code has
 * no closer Java exception.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ApiErrorCode code;

  public ApiException(ApiErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ApiErrorCode code() {
    return code;
  }

  public int httpStatus() {
    return code.httpStatus();
  }
}
