package dev.quiver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.map.EmbeddingMap;
import dev.quiver.engine.map.MapPoint;
import dev.quiver.engine.map.MapRequest;
import dev.quiver.engine.map.ProjectionMethod;
import dev.quiver.engine.recommend.Example;
import java.util.List;
import java.util.Map;

/**
 * JSON of the embedding-map routes: {@code GET /collections/{c}/map} (query parameters to a
 * {@link MapRequest}, the {@link EmbeddingMap} to JSON) and {@code POST /collections/{c}/map/query}
 * (a query placed on the same map).
 */
public final class MapCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> PARAMS = List.of("method", "using", "limit", "color", "seed");

  private MapCodec() {}

  /**
   * A query to place on a map: the map's parameters and the query (an id, a vector or a text).
   *
   * @param map which map (the same parameters as the {@code GET}, so the same cached map)
   * @param query what to place
   */
  public record MapQuery(MapRequest map, Example query) {}

  /**
   * Reads the query parameters of {@code GET /collections/{c}/map}; each may appear at most once.
   *
   * @param params parameter name to its values (as a web framework hands them over)
   * @throws IllegalArgumentException naming an unknown parameter, a repeated one, or a bad value
   */
  public static MapRequest requestFromParams(Map<String, List<String>> params) {
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      if (!PARAMS.contains(e.getKey())) {
        throw new IllegalArgumentException("query parameter '" + e.getKey() + "' is unknown; expected " + PARAMS);
      }
      if (e.getValue().size() > 1) {
        throw new IllegalArgumentException("query parameter '" + e.getKey() + "' is given " + e.getValue().size()
            + " times; give it once");
      }
    }
    String method = one(params, "method");
    String limit = one(params, "limit");
    String seed = one(params, "seed");
    return new MapRequest(one(params, "using"), method == null ? ProjectionMethod.PCA : ProjectionMethod.parse(method),
        limit == null ? MapRequest.DEFAULT_LIMIT : (int) number("limit", limit, 1, MapRequest.MAX_LIMIT),
        one(params, "color"), seed == null ? MapRequest.DEFAULT_SEED : number("seed", seed, Long.MIN_VALUE, Long.MAX_VALUE));
  }

  private static String one(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).strip();
  }

  private static long number(String name, String text, long min, long max) {
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "': '" + text + "' is not an integer; expected"
          + " an integer in [" + min + ", " + max + "]");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("query parameter '" + name + "': " + v + " is out of range; expected an"
          + " integer in [" + min + ", " + max + "]");
    }
    return v;
  }

  /**
   * {@code {"method", "using", "limit", "color", "seed", "query": <example>}}: the map's parameters as in
   * the {@code GET} (same defaults) and the query as a recommend example (id, vector, {@code {"text"}}).
   */
  public static MapQuery queryFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a map query body", "method", "using", "limit", "color", "seed", "query");
    String method = r.text("method", false);
    JsonNode seed = r.get("seed");
    if (seed != null && !seed.isIntegralNumber()) {
      throw new IllegalArgumentException("seed: " + ApiCodec.show(seed) + " is not an integer");
    }
    MapRequest m = new MapRequest(r.text("using", false),
        method == null ? ProjectionMethod.PCA : ProjectionMethod.parse(method),
        r.intIn("limit", MapRequest.DEFAULT_LIMIT, 1, MapRequest.MAX_LIMIT), r.text("color", false),
        seed == null ? MapRequest.DEFAULT_SEED : seed.asLong());
    if (!r.has("query")) {
      throw new IllegalArgumentException("query: required; expected a point id, a vector [..] or {\"text\": \"..\"}");
    }
    return new MapQuery(m, RecommendCodec.exampleFromJson(r.get("query"), "query"));
  }

  /** The query body for {@link #queryFromJson}. */
  public static ObjectNode queryToJson(MapQuery q) {
    ObjectNode o = paramsToJson(q.map());
    o.set("query", RecommendCodec.exampleToJson(q.query()));
    return o;
  }

  private static ObjectNode paramsToJson(MapRequest m) {
    ObjectNode o = NODES.objectNode();
    o.put("method", m.method().wireName());
    if (m.using() != null) {
      o.put("using", m.using());
    }
    o.put("limit", m.limit());
    if (m.colorField() != null) {
      o.put("color", m.colorField());
    }
    o.put("seed", m.seed());
    return o;
  }

  /**
   * {@code {"collection", "using", "method", "total_points", "sampled", "version", "note", "color",
   * "points": [{"id", "x", "y", "color", "label"}]}}.
   */
  public static ObjectNode mapToJson(EmbeddingMap map, MapRequest request) {
    ObjectNode o = NODES.objectNode();
    o.put("collection", map.collection());
    o.put("using", map.using());
    o.put("method", map.method().wireName());
    o.put("total_points", map.totalPoints());
    o.put("sampled", map.sampled());
    o.put("version", map.version());
    if (map.note() == null) {
      o.putNull("note");
    } else {
      o.put("note", map.note());
    }
    if (request.colorField() == null) {
      o.putNull("color");
    } else {
      o.put("color", request.colorField());
    }
    ArrayNode pts = o.putArray("points");
    for (MapPoint p : map.points()) {
      ObjectNode j = pts.addObject();
      j.set("id", ApiCodec.idToJson(p.id()));
      j.put("x", p.x());
      j.put("y", p.y());
      if (p.color() != null) {
        j.set("color", p.color());
      }
      j.put("label", p.label());
    }
    return o;
  }

  /** {@code {"x", "y"}}: where a query falls on a map. */
  public static ObjectNode placeToJson(float[] xy) {
    return NODES.objectNode().put("x", xy[0]).put("y", xy[1]);
  }
}
