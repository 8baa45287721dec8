package dev.quiver.server;

import static dev.quiver.server.Access.READ;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.rag.AskRequest;
import dev.quiver.engine.rag.AskResult;
import dev.quiver.engine.rag.Asker;
import dev.quiver.engine.rag.GeneratorConfig;
import dev.quiver.engine.rag.GeneratorException;
import dev.quiver.engine.rag.OpenAiCompatibleGenerator;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retrieval-augmented answers: {@code POST /collections/{c}/ask} with {@code {"question", "limit": 5,
 * "filter", "candidates", "mmr": 0.5, "text_field", "stream": false}}. The generator is an
 * OpenAI-compatible endpoint from {@code QUIVER_LLM_URL} / {@code QUIVER_LLM_MODEL} /
 * {@code QUIVER_LLM_API_KEY} (system properties {@code quiver.llm.url}, {@code quiver.llm.model},
 * {@code quiver.llm.api-key} override them); without one, answers are extractive. With
 * {@code "stream": true} or {@code Accept: text/event-stream} the answer comes as server-sent events:
 * {@code sources} (JSON list), {@code token} (repeated; the data is the JSON string of the piece, so
 * newlines survive), then {@code done} (the whole result) or {@code error} (an error envelope).
 */
final class AskRoutes {

  private static final Set<String> FIELDS = Set.of("question", "limit", "filter", "candidates", "mmr",
      "text_field", "stream");

  private final Quiver db;
  private final long maxBodyBytes;
  private final OpenAiCompatibleGenerator generator;

  AskRoutes(Quiver db, long maxBodyBytes, GeneratorConfig generator) {
    this.db = db;
    this.maxBodyBytes = maxBodyBytes;
    this.generator = generator == null ? null : new OpenAiCompatibleGenerator(generator);
  }

  /** The generator from system properties, then the environment; null when no URL is set. */
  static GeneratorConfig generatorFromEnvironment() {
    return GeneratorConfig.resolve(System.getProperty("quiver.llm.url"), System.getProperty("quiver.llm.model"),
        System.getProperty("quiver.llm.api-key"), System.getenv());
  }

  List<Route> routes() {
    return List.of(Route.post("/collections/{c}/ask", READ, this::ask));
  }

  private void ask(Context ctx) {
    VectorCollection col = db.collection(ctx.pathParam("c"));
    JsonNode body = RequestBodies.json(ctx, maxBodyBytes, false);
    AskRequest req = request(body);
    boolean stream = body.path("stream").asBoolean(false)
        || String.valueOf(ctx.header("Accept")).contains("text/event-stream");
    Asker asker = new Asker(col, generator, db.config().models());
    if (!stream) {
      try {
        Responses.ok(ctx, asker.ask(req).toJson());
      } catch (GeneratorException e) {
        throw new ApiException(ApiErrorCode.BAD_GATEWAY, e.getMessage());
      }
      return;
    }
    Sse sse = new Sse(ctx);
    try {
      AskResult r = asker.ask(req, sources -> sse.send("sources", AskResult.sourcesJson(sources).toString()),
          token -> sse.send("token", JsonNodeFactory.instance.textNode(token).toString()));
      sse.send("done", r.toJson().toString());
    } catch (GeneratorException e) {
      if (!sse.started) {
        throw new ApiException(ApiErrorCode.BAD_GATEWAY, e.getMessage());
      }
      ObjectNode err = JsonNodeFactory.instance.objectNode();
      err.putObject("status").put("error", e.getMessage()).put("code", ApiErrorCode.BAD_GATEWAY.code());
      sse.send("error", err.toString());
    }
  }

  static AskRequest request(JsonNode b) {
    if (!b.isObject()) {
      throw new IllegalArgumentException("ask body must be a JSON object like {\"question\": \"...\"}, got "
          + b.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
      String f = it.next().getKey();
      if (!FIELDS.contains(f)) {
        throw new IllegalArgumentException("unknown field \"" + f + "\"; expected one of " + new java.util.TreeSet<>(FIELDS));
      }
    }
    JsonNode q = b.get("question");
    if (q == null || !q.isTextual()) {
      throw new IllegalArgumentException("question: expected a string, e.g. {\"question\": \"how do I rotate keys?\"}");
    }
    int limit = b.has("limit") ? integer(b.get("limit"), "limit") : AskRequest.DEFAULT_LIMIT;
    Integer candidates = b.hasNonNull("candidates") ? integer(b.get("candidates"), "candidates") : null;
    Double mmr = null;
    if (b.hasNonNull("mmr")) {
      if (!b.get("mmr").isNumber()) {
        throw new IllegalArgumentException("mmr: expected a number in [0, 1] or null, got " + b.get("mmr"));
      }
      mmr = b.get("mmr").asDouble();
    }
    String textField = null;
    if (b.hasNonNull("text_field")) {
      if (!b.get("text_field").isTextual()) {
        throw new IllegalArgumentException("text_field: expected a string, got " + b.get("text_field"));
      }
      textField = b.get("text_field").asText();
    }
    if (b.has("stream") && !b.get("stream").isBoolean()) {
      throw new IllegalArgumentException("stream: expected true or false, got " + b.get("stream"));
    }
    Filter filter = b.hasNonNull("filter") ? Filter.parse(b.get("filter")) : null;
    return new AskRequest(q.asText(), limit, filter, candidates, mmr, textField);
  }

  private static int integer(JsonNode n, String field) {
    if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException(field + ": expected an integer, got " + n);
    }
    return n.asInt();
  }

  /** Writes server-sent events straight to the response, flushing each so tokens arrive as made. */
  private static final class Sse {
    private final Context ctx;
    private OutputStream out;
    boolean started;

    Sse(Context ctx) {
      this.ctx = ctx;
    }

    void send(String event, String data) {
      try {
        if (!started) {
          ctx.attribute(Responses.ENVELOPED, Boolean.TRUE);
          ctx.res().setStatus(200);
          ctx.res().setContentType("text/event-stream;charset=utf-8");
          ctx.res().setHeader("Cache-Control", "no-cache");
          ctx.res().setHeader("X-Accel-Buffering", "no");
          out = ctx.res().getOutputStream();
          started = true;
        }
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("client went away during the answer stream", e);
      }
    }
  }
}
