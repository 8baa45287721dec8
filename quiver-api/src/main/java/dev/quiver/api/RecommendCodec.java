package dev.quiver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.recommend.Example;
import dev.quiver.engine.recommend.QueryArithmetic;
import dev.quiver.engine.recommend.RecommendRequest;
import dev.quiver.engine.recommend.RecommendStrategy;
import dev.quiver.engine.recommend.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of the recommendation routes ({@code dev.quiver.engine.recommend}):
 *
 * <pre>{@code
 * POST .../points/recommend
 * {"positive": [example, ...], "negative": [example, ...], "strategy": "average_vector" | "best_score",
 *  "using": "v", "filter": {..}, "limit": 10, "exclude_examples": true, "candidates": 50,
 *  "params": {"hnsw_ef": 128}, "with_payload": true, "with_vector": false}
 * example := 5 | "uuid" | [0.1, ...] | {"id": 5} | {"vector": [..]} | {"text": "words"}
 *
 * POST .../points/arithmetic
 * {"terms": [{"id": 5, "weight": 1}, {"text": "more energetic", "weight": 0.5}, {"vector": [..], "weight": -1}],
 *  "using", "filter", "limit": 10, "exclude_inputs": true, "params": {"hnsw_ef"}, "with_payload", "with_vector"}
 *
 * POST .../points/recommend/profile
 * {"interactions": [{"id": 5, "weight": 1, "time": "2026-05-01T12:00:00Z"}, {"text": "..", "weight": -1, "time": ..}],
 *  "half_life": "P30D", "now": "2026-06-01T00:00:00Z", "using", "filter", "limit": 10}
 * }</pre>
 *
 * Weights default to 1. Errors name the JSON path, the bad value and what was expected, as in
 * {@link ApiCodec}.
 */
public final class RecommendCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String EXAMPLE = "a point id, a vector [..], {\"id\": ..}, {\"vector\": [..]} or {\"text\": \"..\"}";

  private RecommendCodec() {}

  /** A recommendation for a user profile, with how many and which points may be recommended. */
  public record ProfileQuery(UserProfile profile, int limit, Filter filter) {}

  // ------------------------------------------------------------------ examples

  public static JsonNode exampleToJson(Example e) {
    return switch (e) {
      case Example.Id id -> ApiCodec.idToJson(id.id());
      case Example.Vector v -> ApiCodec.vectorToJson(v.vector());
      case Example.Text t -> NODES.objectNode().put("text", t.text());
    };
  }

  /** A bare id or vector, or an object with exactly one of id, vector, text. */
  public static Example exampleFromJson(JsonNode n, String path) {
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException(FieldReader.where(path) + "expected " + EXAMPLE + ", got null");
    }
    if (n.isArray()) {
      return new Example.Vector(ApiCodec.vectorFromJson(n, path));
    }
    if (n.isObject()) {
      FieldReader r = FieldReader.of(n, path, "an example", "id", "vector", "text");
      return oneOf(r, n, path);
    }
    if (n.isTextual() && !n.textValue().matches("[0-9a-fA-F-]{36}")) {
      throw new IllegalArgumentException(FieldReader.where(path) + ApiCodec.show(n) + " is not a UUID; expected "
          + EXAMPLE + " (texts go in {\"text\": ..})");
    }
    return new Example.Id(ApiCodec.idFromJson(n, path));
  }

  private static Example oneOf(FieldReader r, JsonNode n, String path) {
    int given = (r.has("id") ? 1 : 0) + (r.has("vector") ? 1 : 0) + (r.has("text") ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException(FieldReader.where(path) + "give exactly one of id, vector, text; got "
          + ApiCodec.show(n));
    }
    if (r.has("id")) {
      return new Example.Id(ApiCodec.idFromJson(r.get("id"), r.path("id")));
    }
    if (r.has("vector")) {
      return new Example.Vector(ApiCodec.vectorFromJson(r.get("vector"), r.path("vector")));
    }
    String text = r.text("text", true);
    if (text.isBlank()) {
      throw new IllegalArgumentException(r.path("text") + ": expected words to embed, got an empty string");
    }
    return new Example.Text(text);
  }

  private static List<Example> examplesFromJson(FieldReader r, String field) {
    JsonNode a = r.array(field, false);
    List<Example> out = new ArrayList<>();
    if (a != null) {
      for (int i = 0; i < a.size(); i++) {
        out.add(exampleFromJson(a.get(i), r.path(field) + "[" + i + "]"));
      }
    }
    return out;
  }

  private static ArrayNode examplesToJson(List<Example> examples) {
    ArrayNode a = NODES.arrayNode();
    examples.forEach(e -> a.add(exampleToJson(e)));
    return a;
  }

  // ------------------------------------------------------------------ recommend

  public static ObjectNode recommendRequestToJson(RecommendRequest r) {
    ObjectNode o = NODES.objectNode();
    o.set("positive", examplesToJson(r.positive()));
    o.set("negative", examplesToJson(r.negative()));
    o.put("strategy", r.strategy().apiName());
    if (!CollectionConfig.DEFAULT_VECTOR.equals(r.using())) {
      o.put("using", r.using());
    }
    if (r.filter() != null) {
      o.set("filter", r.filter().toJson());
    }
    o.put("limit", r.limit());
    o.put("exclude_examples", r.excludeExamples());
    if (r.candidates() != null) {
      o.put("candidates", r.candidates());
    }
    if (r.efSearch() != null) {
      o.putObject("params").put("hnsw_ef", r.efSearch());
    }
    o.put("with_payload", r.withPayload());
    o.put("with_vector", r.withVectors());
    return o;
  }

  public static RecommendRequest recommendRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a recommend body", "positive", "negative", "strategy", "using",
        "filter", "limit", "exclude_examples", "candidates", "params", "with_payload", "with_vector", "with_vectors");
    List<Example> positive = examplesFromJson(r, "positive");
    List<Example> negative = examplesFromJson(r, "negative");
    RecommendStrategy strategy = RecommendStrategy.AVERAGE_VECTOR;
    String s = r.text("strategy", false);
    if (s != null) {
      strategy = switch (s) {
        case "average_vector" -> RecommendStrategy.AVERAGE_VECTOR;
        case "best_score" -> RecommendStrategy.BEST_SCORE;
        default -> throw new IllegalArgumentException("strategy: '" + s
            + "' is unknown; expected \"average_vector\" or \"best_score\"");
      };
    }
    if (positive.isEmpty() && negative.isEmpty()) {
      throw new IllegalArgumentException("positive: a recommendation needs at least one example (" + EXAMPLE + ")");
    }
    if (positive.isEmpty() && strategy == RecommendStrategy.AVERAGE_VECTOR) {
      throw new IllegalArgumentException("positive: strategy average_vector needs at least one positive example;"
          + " use \"strategy\": \"best_score\" to rank by distance from the negatives alone");
    }
    int limit = r.intIn("limit", ApiCodec.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT);
    Integer candidates = r.has("candidates") ? r.intIn("candidates", 0, 1, SearchRequest.MAX_LIMIT) : null;
    return new RecommendRequest(positive, negative, r.text("using", false), strategy, limit,
        ApiCodec.filterFromJson(r.get("filter"), "filter"), r.bool("exclude_examples", true), candidates, ef(r),
        r.bool("with_payload", true), r.bool(false, "with_vector", "with_vectors"));
  }

  private static Integer ef(FieldReader r) {
    ObjectNode params = r.object("params", false);
    if (params == null) {
      return null;
    }
    FieldReader p = FieldReader.of(params, "params", "search params", "hnsw_ef");
    return p.has("hnsw_ef") ? p.intIn("hnsw_ef", 0, 1, 100_000) : null;
  }

  // ------------------------------------------------------------------ arithmetic

  public static ObjectNode arithmeticToJson(QueryArithmetic q) {
    ObjectNode o = NODES.objectNode();
    ArrayNode terms = o.putArray("terms");
    for (QueryArithmetic.Term t : q.terms()) {
      ObjectNode term = terms.addObject();
      putExample(term, t.example());
      term.put("weight", t.weight());
    }
    if (!CollectionConfig.DEFAULT_VECTOR.equals(q.using())) {
      o.put("using", q.using());
    }
    if (q.filter() != null) {
      o.set("filter", q.filter().toJson());
    }
    o.put("limit", q.limit());
    o.put("exclude_inputs", q.excludeInputs());
    if (q.efSearch() != null) {
      o.putObject("params").put("hnsw_ef", q.efSearch());
    }
    o.put("with_payload", q.withPayload());
    o.put("with_vector", q.withVectors());
    return o;
  }

  public static QueryArithmetic arithmeticFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "an arithmetic body", "terms", "using", "filter", "limit",
        "exclude_inputs", "params", "with_payload", "with_vector", "with_vectors");
    JsonNode a = r.array("terms", true);
    if (a.isEmpty()) {
      throw new IllegalArgumentException("terms: expected at least one term, e.g. [{\"id\": 1, \"weight\": 1},"
          + " {\"text\": \"more energetic\", \"weight\": 0.5}]");
    }
    List<QueryArithmetic.Term> terms = new ArrayList<>();
    boolean nonZero = false;
    for (int i = 0; i < a.size(); i++) {
      String path = "terms[" + i + "]";
      FieldReader t = FieldReader.of(a.get(i), path, "a term {\"id\" | \"vector\" | \"text\", \"weight\"}", "id",
          "vector", "text", "weight");
      double weight = weight(t);
      nonZero |= weight != 0;
      terms.add(new QueryArithmetic.Term(weight, oneOf(t, a.get(i), path)));
    }
    if (!nonZero) {
      throw new IllegalArgumentException("terms: every weight is 0; give at least one non-zero weight");
    }
    int limit = r.intIn("limit", ApiCodec.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT);
    return new QueryArithmetic(terms, r.text("using", false), limit, ApiCodec.filterFromJson(r.get("filter"), "filter"),
        r.bool("exclude_inputs", true), ef(r), r.bool("with_payload", true),
        r.bool(false, "with_vector", "with_vectors"));
  }

  private static double weight(FieldReader t) {
    JsonNode w = t.get("weight");
    if (w == null) {
      return 1;
    }
    if (!w.isNumber() || !Double.isFinite(w.doubleValue()) || Math.abs(w.doubleValue()) > Float.MAX_VALUE) {
      throw new IllegalArgumentException(t.path("weight") + ": expected a finite number, got " + ApiCodec.show(w));
    }
    return w.doubleValue();
  }

  private static void putExample(ObjectNode o, Example e) {
    switch (e) {
      case Example.Id id -> o.set("id", ApiCodec.idToJson(id.id()));
      case Example.Vector v -> o.set("vector", ApiCodec.vectorToJson(v.vector()));
      case Example.Text t -> o.put("text", t.text());
    }
  }

  // ------------------------------------------------------------------ profiles

  public static ObjectNode profileQueryToJson(ProfileQuery q) {
    ObjectNode o = NODES.objectNode();
    ArrayNode a = o.putArray("interactions");
    for (UserProfile.Interaction i : q.profile().interactions()) {
      ObjectNode n = a.addObject();
      putExample(n, i.item());
      n.put("weight", i.weight());
      n.put("time", i.time().toString());
    }
    if (q.profile().halfLife() != null) {
      o.put("half_life", q.profile().halfLife().toString());
    }
    o.put("now", q.profile().now().toString());
    if (!CollectionConfig.DEFAULT_VECTOR.equals(q.profile().using())) {
      o.put("using", q.profile().using());
    }
    if (q.filter() != null) {
      o.set("filter", q.filter().toJson());
    }
    o.put("limit", q.limit());
    return o;
  }

  public static ProfileQuery profileQueryFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a profile body", "interactions", "half_life", "now", "using", "filter",
        "limit");
    JsonNode a = r.array("interactions", true);
    List<UserProfile.Interaction> interactions = new ArrayList<>();
    boolean positive = false;
    for (int i = 0; i < a.size(); i++) {
      String path = "interactions[" + i + "]";
      FieldReader t = FieldReader.of(a.get(i), path, "an interaction {\"id\" | \"vector\" | \"text\", \"weight\","
          + " \"time\"}", "id", "vector", "text", "weight", "time");
      double weight = weight(t);
      positive |= weight > 0;
      Instant time = instant(t.require("time", "an ISO-8601 time like \"2026-05-01T12:00:00Z\""), t.path("time"));
      interactions.add(new UserProfile.Interaction(oneOf(t, a.get(i), path), weight, time));
    }
    if (!positive) {
      throw new IllegalArgumentException("interactions: expected at least one interaction with a positive weight"
          + " (a play, a like), got " + a.size());
    }
    Duration halfLife = null;
    String h = r.text("half_life", false);
    if (h != null) {
      try {
        halfLife = Duration.parse(h);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("half_life: '" + h + "' is not an ISO-8601 duration; expected e.g."
            + " \"P30D\" (30 days) or \"PT12H\" (12 hours)");
      }
      if (halfLife.isNegative() || halfLife.isZero()) {
        throw new IllegalArgumentException("half_life: expected a positive duration, got " + h);
      }
    }
    Instant now = r.has("now") ? instant(r.get("now"), "now") : null;
    int limit = r.intIn("limit", ApiCodec.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT);
    return new ProfileQuery(new UserProfile(interactions, halfLife, now, r.text("using", false)), limit,
        ApiCodec.filterFromJson(r.get("filter"), "filter"));
  }

  /** An ISO-8601 time, "2026-05-01T12:00:00Z" (a date alone is midnight UTC; no offset means UTC). */
  private static Instant instant(JsonNode n, String path) {
    Long micros = n.isTextual() ? Filter.DateRange.parseMicros(n.textValue()) : null;
    if (micros == null) {
      throw new IllegalArgumentException(path + ": expected an ISO-8601 time like \"2026-05-01T12:00:00Z\", got "
          + ApiCodec.show(n));
    }
    return Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS);
  }
}
