package dev.quiver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The error half of the envelope: {@code {"status": {"error": message, "code": code}, "time": s}}.
 *
 * @param code what kind of error
 * @param message names the bad value and what was expected
 */
public record ApiError(ApiErrorCode code, String message) {

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
}
