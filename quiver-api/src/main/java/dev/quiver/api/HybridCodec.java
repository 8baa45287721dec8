package dev.quiver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.text.Fusion;
import dev.quiver.engine.text.HybridSearchRequest;

/**
 * The body of {@code POST /collections/{c}/points/hybrid} and {@code .../points/keyword}:
 *
 * <pre>{@code
 * {"text": "rust borrow checker", "vector": [..] | {"name": "v", "vector": [..]}, "using": "v",
 *  "text_field": "body", "limit": 10, "filter": {..},
 *  "fusion": "scaled" | "rrf" | "weighted" | {"rrf": {"k": 60}} | {"weighted": {"alpha": 0.5}}
 *            | {"scaled": {"alpha": 0.5}},   (default: scaled, alpha 0.5)
 *  "candidates": 50, "params": {"hnsw_ef": 128}, "with_payload": true, "with_vector": false}
 * }</pre>
 *
 * Errors name the JSON path, the bad value and what was expected, as in {@link ApiCodec}.
 */
public final class HybridCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private HybridCodec() {}

  public static ObjectNode toJson(HybridSearchRequest h) {
    ObjectNode o = NODES.objectNode();
    if (h.text() != null) {
      o.put("text", h.text());
    }
    if (h.vector() != null) {
      o.set("vector", ApiCodec.vectorToJson(h.vector()));
    }
    if (!CollectionConfig.DEFAULT_VECTOR.equals(h.using())) {
      o.put("using", h.using());
    }
    if (h.textField() != null) {
      o.put("text_field", h.textField());
    }
    o.put("limit", h.limit());
    if (h.filter() != null) {
      o.set("filter", h.filter().toJson());
    }
    switch (h.fusion()) {
      case Fusion.Rrf r -> o.putObject("fusion").putObject("rrf").put("k", r.k());
      case Fusion.Weighted w -> o.putObject("fusion").putObject("weighted").put("alpha", w.alpha());
      case Fusion.Scaled sc -> o.putObject("fusion").putObject("scaled").put("alpha", sc.alpha());
    }
    if (h.candidates() != null) {
      o.put("candidates", h.candidates());
    }
    if (h.efSearch() != null) {
      o.putObject("params").put("hnsw_ef", h.efSearch());
    }
    o.put("with_payload", h.withPayload());
    o.put("with_vector", h.withVectors());
    return o;
  }

  public static HybridSearchRequest fromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a hybrid search body", "text", "vector", "using",
        "text_field", "limit", "filter", "fusion", "candidates", "params", "with_payload", "with_vector",
        "with_vectors");
    String using = r.text("using", false);
    float[] vector = null;
    JsonNode v = r.get("vector");
    if (v != null && v.isObject()) {
      FieldReader nv = FieldReader.of(v, "vector", "a named vector {\"name\": ..., \"vector\": [...]}",
          "name", "vector");
      String name = nv.text("name", true);
      if (using != null && !using.equals(name)) {
        throw new IllegalArgumentException("vector.name '" + name + "' differs from using '" + using
            + "'; give the vector name once");
      }
      using = name;
      vector = ApiCodec.vectorFromJson(nv.require("vector", "an array of numbers"), "vector.vector");
    } else if (v != null) {
      vector = ApiCodec.vectorFromJson(v, "vector");
    }
    String text = r.text("text", false);
    if (vector == null && (text == null || text.isBlank())) {
      throw new IllegalArgumentException("request body: a hybrid search needs \"text\" (words), \"vector\","
          + " or both");
    }
    int limit = r.intIn("limit", ApiCodec.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT);
    Integer candidates = r.has("candidates") ? r.intIn("candidates", 0, limit, SearchRequest.MAX_LIMIT) : null;
    Integer ef = null;
    ObjectNode params = r.object("params", false);
    if (params != null) {
      FieldReader p = FieldReader.of(params, "params", "search params", "hnsw_ef");
      if (p.has("hnsw_ef")) {
        ef = p.intIn("hnsw_ef", 0, 1, 100_000);
      }
    }
    String textField = r.text("text_field", false);
    Filter filter = ApiCodec.filterFromJson(r.get("filter"), "filter");
    return new HybridSearchRequest(using, vector, text, textField, limit, filter,
        fusionFromJson(r.get("fusion")), candidates, ef, r.bool("with_payload", true),
        r.bool(false, "with_vector", "with_vectors"));
  }

  private static Fusion fusionFromJson(JsonNode f) {
    String expected = "\"scaled\", \"rrf\", \"weighted\", {\"rrf\": {\"k\": 60}}, {\"weighted\": {\"alpha\": 0.5}}"
        + " or {\"scaled\": {\"alpha\": 0.5}}";
    if (f == null || f.isNull()) {
      return null;
    }
    if (f.isTextual()) {
      return switch (f.asText()) {
        case "rrf" -> Fusion.rrf();
        case "weighted" -> Fusion.weighted(Fusion.Weighted.DEFAULT_ALPHA);
        case "scaled" -> Fusion.scaled(Fusion.Scaled.DEFAULT_ALPHA);
        default -> throw new IllegalArgumentException("fusion: '" + f.asText() + "' is unknown; expected "
            + expected);
      };
    }
    FieldReader r = FieldReader.of(f, "fusion", "a fusion " + expected, "rrf", "weighted", "scaled");
    int given = (r.has("rrf") ? 1 : 0) + (r.has("weighted") ? 1 : 0) + (r.has("scaled") ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException("fusion: give exactly one of rrf, weighted, scaled; got " + f);
    }
    if (r.has("rrf")) {
      FieldReader k = FieldReader.of(r.get("rrf"), "fusion.rrf", "RRF parameters {\"k\": 60}", "k");
      return Fusion.rrf(k.intIn("k", Fusion.Rrf.DEFAULT_K, 1, 1_000_000));
    }
    String kind = r.has("weighted") ? "weighted" : "scaled";
    FieldReader w = FieldReader.of(r.get(kind), "fusion." + kind, kind + " fusion parameters {\"alpha\": 0.5}",
        "alpha");
    JsonNode a = w.get("alpha");
    double alpha = 0.5;
    if (a != null) {
      if (!a.isNumber() || !(a.asDouble() >= 0 && a.asDouble() <= 1)) {
        throw new IllegalArgumentException("fusion." + kind + ".alpha must be a number in [0, 1], got " + a);
      }
      alpha = a.asDouble();
    }
    return kind.equals("weighted") ? Fusion.weighted(alpha) : Fusion.scaled(alpha);
  }
}
