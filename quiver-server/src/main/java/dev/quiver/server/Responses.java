package dev.quiver.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.api.ApiEnvelope;
import dev.quiver.api.ApiError;
import io.javalin.http.Context;

/** Writes the success and error envelopes, with the request's elapsed time. */
final class Responses {

  /** Context attribute: {@link System#nanoTime()} when the request arrived. */
  static final String START = "quiver.start";
  static final String JSON = "application/json";
  /** Context attribute set once an envelope is written, so the 404/405 fallback leaves it alone. */
  static final String ENVELOPED = "quiver.enveloped";

  private Responses() {}

  static void ok(Context ctx, JsonNode result) {
    ctx.attribute(ENVELOPED, Boolean.TRUE);
    ctx.status(200).contentType(JSON).result(ApiCodec.writeBytes(ApiEnvelope.ok(result, seconds(ctx))));
  }

  static void error(Context ctx, ApiError error) {
    ctx.attribute(ENVELOPED, Boolean.TRUE);
    ctx.status(error.code().httpStatus()).contentType(JSON)
        .result(ApiCodec.writeBytes(error.toJson(seconds(ctx))));
  }

  static double seconds(Context ctx) {
    Long start = ctx.attribute(START);
    return start == null ? 0 : (System.nanoTime() - start) / 1e9;
  }
}
