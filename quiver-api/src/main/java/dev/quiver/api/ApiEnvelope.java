package dev.quiver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The success envelope {@code {"result": value, "status": "ok", "time": seconds}}. */
public final class ApiEnvelope {

  private ApiEnvelope() {}

  public static ObjectNode ok(JsonNode result, double seconds) {
    ObjectNode root = ApiCodec.mapper().createObjectNode();
    root.set("result", result);
    root.put("status", "ok");
    root.put("time", seconds);
    return root;
  }

  /**
   * The {@code result} of a success envelope.
   *
   * @throws ApiException with the envelope's code when it is an error envelope
   */
  public static JsonNode result(JsonNode envelope, int httpStatus) {
    ApiError error = ApiError.fromJson(envelope, httpStatus);
    if (error != null) {
      throw new ApiException(error.code(), error.message());
    }
    if (!envelope.has("result")) {
      throw new ApiException(ApiErrorCode.INTERNAL, "response envelope has no result: " + ApiCodec.show(envelope));
    }
    return envelope.get("result");
  }
}
