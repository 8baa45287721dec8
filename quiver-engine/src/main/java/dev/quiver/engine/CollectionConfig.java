package dev.quiver.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.HnswConfig;
import dev.quiver.core.vector.Metric;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration of a collection, sealed once the collection is created: one or more named
 * vectors, each with its dimension, metric and index parameters.
 *
 * @param vectors vector name to its parameters (insertion order kept)
 */
public record CollectionConfig(Map<String, VectorParams> vectors) {

  /** The name of the vector of a single-vector collection. */
  public static final String DEFAULT_VECTOR = "default";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

  public CollectionConfig {
    if (vectors == null || vectors.isEmpty()) {
      throw new IllegalArgumentException("a collection needs at least one vector");
    }
    for (String name : vectors.keySet()) {
      checkName("vector name", name);
    }
    vectors = Collections.unmodifiableMap(new LinkedHashMap<>(vectors));
  }

  /** One unnamed (default) vector. */
  public static CollectionConfig single(VectorParams params) {
    return new CollectionConfig(Map.of(DEFAULT_VECTOR, params));
  }

  /** Named vectors, e.g. {@code text} and {@code image}. */
  public static CollectionConfig named(Map<String, VectorParams> vectors) {
    return new CollectionConfig(vectors);
  }

  /** Checks a collection or vector name: letters, digits, {@code _ . -}, at most 64 characters. */
  static String checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is invalid; expected 1 to 64 of"
          + " letters, digits, '_', '.', '-' not starting with '.' or '-'");
    }
    return name;
  }

  /**
   * JSON form: {@code {"vectors": {"text": {"size": 384, "distance": "cosine",
   * "hnsw": {"m": 16, "ef_construct": 100, "ef": 100, "seed": 42}}}}}. Field names follow Qdrant.
   */
  public ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode vs = root.putObject("vectors");
    vectors.forEach((name, p) -> {
      ObjectNode v = vs.putObject(name);
      v.put("size", p.dimension());
      v.put("distance", p.metric().name().toLowerCase(java.util.Locale.ROOT));
      ObjectNode h = v.putObject("hnsw");
      h.put("m", p.hnsw().m());
      h.put("ef_construct", p.hnsw().efConstruction());
      h.put("ef", p.hnsw().efSearch());
      h.put("seed", p.hnsw().seed());
      if (p.model() != null) {
        ObjectNode m = v.putObject("model");
        m.put("name", p.model().model());
        if (p.model().version() != null) {
          m.put("version", p.model().version());
        }
        m.put("source", p.model().source());
      }
    });
    return root;
  }

  /**
   * Parses the JSON form. Also accepts the single-vector shorthand {@code {"vectors": {"size": 4,
   * "distance": "dot"}}}. A model-bound vector ({@code "model": "all-MiniLM-L6-v2"} or {@code
   * "model": {"name": ..., "source": "body"}}) may omit size (taken from the model at creation)
   * and distance (cosine). Errors name the field and the bad value.
   */
  public static CollectionConfig fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("collection config must be a JSON object, got " + json);
    }
    JsonNode vs = json.get("vectors");
    if (vs == null || !vs.isObject()) {
      throw new IllegalArgumentException(
          "collection config needs \"vectors\": an object such as {\"size\": 384, \"distance\": \"cosine\"}");
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("vectors")) {
        throw new IllegalArgumentException("unknown collection config field \"" + f + "\"; expected \"vectors\"");
      }
    }
    Map<String, VectorParams> out = new LinkedHashMap<>();
    if (vs.has("size") || vs.has("model") || vs.has("distance")) {
      out.put(DEFAULT_VECTOR, vectorParams("vectors", vs));
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = vs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), vectorParams("vectors." + e.getKey(), e.getValue()));
      }
    }
    return new CollectionConfig(out);
  }

  private static VectorParams vectorParams(String path, JsonNode v) {
    if (!v.isObject()) {
      throw new IllegalArgumentException(path + " must be an object with size and distance, got " + v);
    }
    for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("size") && !f.equals("distance") && !f.equals("hnsw") && !f.equals("model")) {
        throw new IllegalArgumentException(
            "unknown field " + path + "." + f + "; expected size, distance, hnsw, model");
      }
    }
    ModelBinding binding = modelBinding(path + ".model", v.get("model"));
    JsonNode size = v.get("size");
    if (binding != null && (size == null || size.isNull())) {
      size = JsonNodeFactory.instance.numberNode(0);
    } else if (size == null || !size.canConvertToInt() || !size.isIntegralNumber()) {
      throw new IllegalArgumentException(path + ".size must be a positive integer, got " + size);
    }
    JsonNode distance = v.get("distance");
    if (binding != null && (distance == null || distance.isNull())) {
      distance = JsonNodeFactory.instance.textNode("cosine");
    }
    if (distance == null || !distance.isTextual()) {
      throw new IllegalArgumentException(
          path + ".distance must be one of cosine, dot, euclidean, got " + distance);
    }
    Metric metric;
    try {
      metric = Metric.parse(distance.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ".distance: " + e.getMessage());
    }
    HnswConfig hnsw = HnswConfig.defaults();
    JsonNode h = v.get("hnsw");
    if (h != null && !h.isNull()) {
      if (!h.isObject()) {
        throw new IllegalArgumentException(path + ".hnsw must be an object, got " + h);
      }
      try {
        hnsw = new HnswConfig(intField(path + ".hnsw", h, "m", hnsw.m()),
            intField(path + ".hnsw", h, "ef_construct", hnsw.efConstruction()),
            intField(path + ".hnsw", h, "ef", hnsw.efSearch()),
            h.has("seed") ? h.get("seed").asLong() : hnsw.seed());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ".hnsw: " + e.getMessage());
      }
    }
    try {
      return new VectorParams(size.asInt(), metric, hnsw, binding);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage());
    }
  }

  private static ModelBinding modelBinding(String path, JsonNode m) {
    if (m == null || m.isNull()) {
      return null;
    }
    if (m.isTextual()) {
      return ModelBinding.of(m.asText());
    }
    if (!m.isObject()) {
      throw new IllegalArgumentException(path + " must be a model name or an object with name,"
          + " version, source; got " + m);
    }
    for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("name") && !f.equals("version") && !f.equals("source")) {
        throw new IllegalArgumentException(
            "unknown field " + path + "." + f + "; expected name, version, source");
      }
    }
    String name = textField(path, m, "name");
    if (name == null) {
      throw new IllegalArgumentException(path + ".name is required, e.g. \"all-MiniLM-L6-v2\"");
    }
    return new ModelBinding(name, textField(path, m, "version"), textField(path, m, "source"));
  }

  private static String textField(String path, JsonNode obj, String name) {
    JsonNode n = obj.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException(path + "." + name + " must be a non-empty string, got " + n);
    }
    return n.asText();
  }

  private static int intField(String path, JsonNode obj, String name, int dflt) {
    JsonNode n = obj.get(name);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new IllegalArgumentException(path + "." + name + " must be an integer, got " + n);
    }
    return n.asInt();
  }
}
