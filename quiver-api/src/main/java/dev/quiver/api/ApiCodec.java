package dev.quiver.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.embed.Modality;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.CollectionInfo;
import dev.quiver.engine.MediaInput;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.ScrollPage;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.filter.InvalidFilterException;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Engine values to and from the JSON shapes of docs/http-api.md; used by the server to read
 * requests and write results, and by the client the other way round.
 *
 * <p>Request readers ({@code *FromJson} of request bodies, points, ids, vectors) are strict: an
 * unknown field, a wrong type, a NaN, a number outside float range, a negative or fractional id or
 * a limit out of range throws {@link IllegalArgumentException} (or {@link InvalidFilterException}
 * for filters) whose message names the JSON path, the bad value and what was expected. Result
 * readers ({@code collectionInfoFromJson}, {@code scrollPageFromJson}...) ignore fields they do
 * not know, so a newer server does not break an older client.
 */
public final class ApiCodec {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern UUID_TEXT = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final int SHOW_MAX = 80;

  /** Default {@code limit} of search and scroll bodies. */
  public static final int DEFAULT_LIMIT = 10;

  private ApiCodec() {}

  // ------------------------------------------------------------------ JSON text

  /** The shared mapper: duplicate keys and trailing tokens are errors. Thread-safe. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses a request or response body.
   *
   * @throws IllegalArgumentException "request body is not valid JSON: ..." with line and column
   */
  public static JsonNode readTree(byte[] body) {
    if (body == null || body.length == 0) {
      throw new IllegalArgumentException("request body is empty; expected a JSON object");
    }
    int bad = Utf8.firstInvalid(body);
    if (bad >= 0) {
      throw new IllegalArgumentException("request body is not valid UTF-8 at byte " + bad + " (0x"
          + String.format("%02X", body[bad] & 0xFF) + "); JSON must be sent as well-formed UTF-8");
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw new IllegalArgumentException("request body is empty; expected a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage()
          + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("request body could not be read: " + e.getMessage(), e);
    }
  }

  public static JsonNode readTree(String body) {
    return readTree(body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static byte[] writeBytes(JsonNode json) {
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A JSON value for an error message, cut to a readable length. */
  public static String show(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    String s = n.toString();
    return s.length() <= SHOW_MAX ? s : s.substring(0, SHOW_MAX) + "...(" + s.length() + " chars)";
  }

  // ------------------------------------------------------------------ ids

  /** A numeric id as a JSON number (unsigned: values above 2^63-1 stay positive), a UUID as a string. */
  public static JsonNode idToJson(PointId id) {
    return switch (id) {
      case PointId.Num n -> n.value() >= 0 ? NODES.numberNode(n.value())
          : NODES.numberNode(new BigInteger(Long.toUnsignedString(n.value())));
      case PointId.Uuid u -> NODES.textNode(u.value().toString());
    };
  }

  /** Reads an unsigned 64-bit integer or a UUID string; anything else is an error naming the value. */
  public static PointId idFromJson(JsonNode n, String path) {
    String expected = "expected an unsigned 64-bit integer or a UUID string, got ";
    if (n == null || n.isNull() || n.isMissingNode()) {
      throw new IllegalArgumentException(FieldReader.where(path) + expected + "null");
    }
    if (n.isIntegralNumber()) {
      BigInteger v = n.bigIntegerValue();
      if (v.signum() < 0) {
        throw new IllegalArgumentException(FieldReader.where(path) + "point id " + v
            + " is negative; expected an unsigned 64-bit integer or a UUID string");
      }
      if (v.compareTo(TWO_64) >= 0) {
        throw new IllegalArgumentException(FieldReader.where(path) + "point id " + v
            + " is larger than the unsigned 64-bit maximum 18446744073709551615");
      }
      return PointId.of(v.longValue());
    }
    if (n.isTextual() && UUID_TEXT.matcher(n.textValue()).matches()) {
      return PointId.of(UUID.fromString(n.textValue()));
    }
    throw new IllegalArgumentException(FieldReader.where(path) + expected + show(n));
  }

  public static ArrayNode idsToJson(List<PointId> ids) {
    ArrayNode a = NODES.arrayNode(ids.size());
    ids.forEach(id -> a.add(idToJson(id)));
    return a;
  }

  public static List<PointId> idsFromJson(JsonNode n, String path) {
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException(FieldReader.where(path) + "expected an array of point ids, got " + show(n));
    }
    List<PointId> ids = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      ids.add(idFromJson(n.get(i), path + "[" + i + "]"));
    }
    return ids;
  }

  // ------------------------------------------------------------------ vectors

  public static ArrayNode vectorToJson(float[] v) {
    ArrayNode a = NODES.arrayNode(v.length);
    for (float x : v) {
      a.add(x);
    }
    return a;
  }

  /** An array of finite numbers within float range (NaN cannot be written in JSON; 1e39 overflows). */
  public static float[] vectorFromJson(JsonNode n, String path) {
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException(FieldReader.where(path) + "expected an array of numbers, got " + show(n));
    }
    float[] v = new float[n.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode x = n.get(i);
      if (!x.isNumber()) {
        throw new IllegalArgumentException(path + "[" + i + "]: expected a number, got " + show(x));
      }
      double d = x.doubleValue();
      if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
        throw new IllegalArgumentException(path + "[" + i + "]: " + show(x)
            + " is outside the 32-bit float range; expected a finite number within ±3.4028235e38");
      }
      v[i] = (float) d;
    }
    return v;
  }

  /**
   * The array form for a map holding only the default vector (when a config is given, of a
   * collection with only the default vector), else a map of name to array, so no vector name is
   * ever dropped (a point with an undeclared extra vector must reach the engine to be refused).
   */
  public static JsonNode vectorsToJson(Map<String, float[]> vectors, CollectionConfig config) {
    boolean single = (config == null || isSingle(config))
        && vectors.size() == 1 && vectors.containsKey(CollectionConfig.DEFAULT_VECTOR);
    if (single) {
      return vectorToJson(vectors.get(CollectionConfig.DEFAULT_VECTOR));
    }
    ObjectNode o = NODES.objectNode();
    vectors.forEach((name, v) -> o.set(name, vectorToJson(v)));
    return o;
  }

  /** An array (the default vector) or a map of vector name to array. */
  public static Map<String, float[]> vectorsFromJson(JsonNode n, String path) {
    if (n != null && n.isArray()) {
      return Map.of(CollectionConfig.DEFAULT_VECTOR, vectorFromJson(n, path));
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(FieldReader.where(path) + "expected an array of numbers or a map of"
          + " vector name to array, got " + show(n));
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), vectorFromJson(e.getValue(), path + "." + e.getKey()));
    }
    return out;
  }

  private static boolean isSingle(CollectionConfig config) {
    return config.vectors().size() == 1 && config.vectors().containsKey(CollectionConfig.DEFAULT_VECTOR);
  }

  // ------------------------------------------------------------------ points

  /** {@code {"id": 1, "vector": ..., "payload": {...}}}; vector and payload only when asked for. */
  public static ObjectNode pointToJson(Point p, CollectionConfig config, boolean withPayload, boolean withVector) {
    ObjectNode o = NODES.objectNode();
    o.set("id", idToJson(p.id()));
    if (withVector) {
      o.set("vector", vectorsToJson(p.vectors(), config));
    }
    if (withPayload) {
      o.set("payload", p.payload());
    }
    if (!p.inputs().isEmpty()) {
      o.set("inputs", inputsToJson(p.inputs()));
    }
    return o;
  }

  /**
   * Reads {@code {"id", "vector"?, "payload"?, "inputs"?}}; a point without vector is allowed for
   * model-bound collections, and {@code inputs} maps vector names to a base64 image or sound:
   * {@code {"image": {"image": "<base64>"}}}.
   */
  public static Point pointFromJson(JsonNode n, String path) {
    FieldReader r = FieldReader.of(n, path, "a point", "id", "vector", "payload", "inputs");
    PointId id = idFromJson(r.require("id", "an unsigned 64-bit integer or a UUID string"), r.path("id"));
    Map<String, float[]> vectors = r.has("vector") ? vectorsFromJson(r.get("vector"), r.path("vector")) : Map.of();
    Map<String, MediaInput> inputs = r.has("inputs") ? inputsFromJson(r.get("inputs"), r.path("inputs")) : Map.of();
    return new Point(id, vectors, r.object("payload", false), inputs);
  }

  // ------------------------------------------------------------------ media

  /** {@code {"vector name": {"image" | "audio": "<base64>"}}}. */
  public static ObjectNode inputsToJson(Map<String, MediaInput> inputs) {
    ObjectNode o = NODES.objectNode();
    inputs.forEach((name, in) -> o.putObject(name).put(in.modality().wireName(),
        Base64.getEncoder().encodeToString(in.bytes())));
    return o;
  }

  public static Map<String, MediaInput> inputsFromJson(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(FieldReader.where(path) + "expected a map of vector name to"
          + " {\"image\": \"<base64>\"} or {\"audio\": \"<base64>\"}, got " + show(n));
    }
    Map<String, MediaInput> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = path + "." + e.getKey();
      FieldReader r = FieldReader.of(e.getValue(), at, "a media input {\"image\": \"<base64>\"} or"
          + " {\"audio\": \"<base64>\"}", "image", "audio");
      if (r.has("image") == r.has("audio")) {
        throw new IllegalArgumentException(at + ": expected exactly one of \"image\" or \"audio\" (base64 file"
            + " bytes), got " + show(e.getValue()));
      }
      Modality m = r.has("image") ? Modality.IMAGE : Modality.AUDIO;
      out.put(e.getKey(), new MediaInput(m, base64(r.get(m.wireName()), at + "." + m.wireName(), m)));
    }
    return out;
  }

  /** The bytes of a base64 string (standard or URL-safe alphabet; a {@code data:...;base64,} prefix is allowed). */
  public static byte[] base64(JsonNode n, String path, Modality m) {
    String what = m == Modality.IMAGE ? "a PNG, JPEG, GIF or BMP file" : "a WAV file";
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(FieldReader.where(path) + "expected the base64 bytes of " + what
          + ", got " + show(n));
    }
    String s = n.asText().strip();
    int comma = s.startsWith("data:") ? s.indexOf(',') : -1;
    if (comma >= 0) {
      s = s.substring(comma + 1);
    }
    byte[] bytes;
    try {
      s = s.replaceAll("\\s+", ""); // line-wrapped base64 (e.g. from `base64` without -w0)
      bytes = (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": not valid base64 (" + e.getMessage() + "); expected the"
          + " base64 bytes of " + what);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException(path + ": empty; expected the base64 bytes of " + what);
    }
    return bytes;
  }

  public static ArrayNode pointsToJson(List<Point> points, CollectionConfig config, boolean withPayload,
      boolean withVector) {
    ArrayNode a = NODES.arrayNode(points.size());
    points.forEach(p -> a.add(pointToJson(p, config, withPayload, withVector)));
    return a;
  }

  public static List<Point> pointsFromJson(JsonNode n, String path) {
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException(FieldReader.where(path) + "expected an array of points, got " + show(n));
    }
    List<Point> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      out.add(pointFromJson(n.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /**
   * Points in a result (get-by-ids, get one, scroll): like {@link #pointsFromJson} but ignoring
   * fields it does not know, so a newer server does not break an older client. A single point
   * object is accepted too (the result of {@code GET .../points/{id}}).
   */
  public static List<Point> pointsResultFromJson(JsonNode n, String path) {
    if (n != null && n.isObject()) {
      return List.of(pointResultFromJson(n, path));
    }
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException(FieldReader.where(path) + "expected an array of points, got " + show(n));
    }
    List<Point> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      out.add(pointResultFromJson(n.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  private static Point pointResultFromJson(JsonNode p, String path) {
    if (p == null || !p.isObject()) {
      throw new IllegalArgumentException(FieldReader.where(path) + "expected a point object, got " + show(p));
    }
    PointId id = idFromJson(p.get("id"), path + ".id");
    JsonNode v = p.get("vector");
    Map<String, float[]> vectors = v == null || v.isNull() ? Map.of() : vectorsFromJson(v, path + ".vector");
    JsonNode payload = p.get("payload");
    return new Point(id, vectors, payload != null && payload.isObject() ? (ObjectNode) payload : null);
  }

  /** Body of {@code PUT .../points}: {@code {"points": [...]}}. */
  public static ObjectNode upsertRequestToJson(List<Point> points, CollectionConfig config) {
    ObjectNode o = NODES.objectNode();
    o.set("points", pointsToJson(points, config, true, true));
    return o;
  }

  public static List<Point> upsertRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "an upsert body {\"points\": [...]}", "points");
    return pointsFromJson(r.require("points", "an array of points"), "points"); // [] is a no-op, as embedded
  }

  public static ObjectNode scoredPointToJson(ScoredPoint p, CollectionConfig config) {
    ObjectNode o = NODES.objectNode();
    o.set("id", idToJson(p.id()));
    o.put("score", p.score());
    if (p.payload() != null) {
      o.set("payload", p.payload());
    }
    if (p.vectors() != null) {
      o.set("vector", vectorsToJson(p.vectors(), config));
    }
    return o;
  }

  public static ScoredPoint scoredPointFromJson(JsonNode n, String path) {
    FieldReader r = FieldReader.of(n, path, "a scored point", "id", "score", "payload", "vector", "version");
    PointId id = idFromJson(r.require("id", "a point id"), r.path("id"));
    JsonNode score = r.require("score", "a number");
    if (!score.isNumber()) {
      throw new IllegalArgumentException(r.path("score") + ": expected a number, got " + show(score));
    }
    Map<String, float[]> vectors = r.has("vector") ? vectorsFromJson(r.get("vector"), r.path("vector")) : null;
    return new ScoredPoint(id, score.floatValue(), r.object("payload", false), vectors);
  }

  public static ArrayNode scoredPointsToJson(List<ScoredPoint> hits, CollectionConfig config) {
    ArrayNode a = NODES.arrayNode(hits.size());
    hits.forEach(h -> a.add(scoredPointToJson(h, config)));
    return a;
  }

  public static List<ScoredPoint> scoredPointsFromJson(JsonNode n) {
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException("result: expected an array of scored points, got " + show(n));
    }
    List<ScoredPoint> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      out.add(scoredPointFromJson(n.get(i), "result[" + i + "]"));
    }
    return out;
  }

  // ------------------------------------------------------------------ filters

  /** A filter at {@code path}, or null when absent; parse errors are {@link InvalidFilterException}s. */
  public static Filter filterFromJson(JsonNode n, String path) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new InvalidFilterException(path + ": expected a filter object with must/should/must_not, got " + show(n));
    }
    return Filter.parse(n);
  }

  // ------------------------------------------------------------------ search

  /**
   * {@code {"vector": [...] | {"name": "v", "vector": [...]}, "text": "...", "using": "v",
   * "filter": {...}, "limit": 10, "params": {"hnsw_ef": 128, "exact": false}, "with_payload":
   * true, "with_vector": false}}.
   */
  public static ObjectNode searchRequestToJson(SearchRequest s) {
    ObjectNode o = NODES.objectNode();
    boolean named = !CollectionConfig.DEFAULT_VECTOR.equals(s.using());
    if (s.vector() != null) {
      if (named) {
        o.putObject("vector").put("name", s.using()).set("vector", vectorToJson(s.vector()));
      } else {
        o.set("vector", vectorToJson(s.vector()));
      }
    } else {
      if (s.media() != null) {
        o.put(s.media().modality().wireName(), Base64.getEncoder().encodeToString(s.media().bytes()));
      } else {
        o.put("text", s.text());
      }
      if (named) {
        o.put("using", s.using());
      }
    }
    if (s.filter() != null) {
      o.set("filter", s.filter().toJson());
    }
    o.put("limit", s.limit());
    if (s.efSearch() != null || s.exact()) {
      ObjectNode params = o.putObject("params");
      if (s.efSearch() != null) {
        params.put("hnsw_ef", s.efSearch());
      }
      params.put("exact", s.exact());
    }
    o.put("with_payload", s.withPayload());
    o.put("with_vector", s.withVectors());
    return o;
  }

  public static SearchRequest searchRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a search body", "vector", "text", "image", "audio", "using",
        "filter", "limit", "params", "with_payload", "with_vector", "with_vectors");
    String using = r.text("using", false);
    float[] vector = null;
    JsonNode v = r.get("vector");
    if (v != null && v.isObject()) {
      FieldReader nv = FieldReader.of(v, "vector", "a named vector {\"name\": ..., \"vector\": [...]}", "name", "vector");
      String name = nv.text("name", true);
      if (using != null && !using.equals(name)) {
        throw new IllegalArgumentException("vector.name '" + name + "' differs from using '" + using
            + "'; give the vector name once");
      }
      using = name;
      vector = vectorFromJson(nv.require("vector", "an array of numbers"), "vector.vector");
    } else if (v != null) {
      vector = vectorFromJson(v, "vector");
    }
    String text = r.text("text", false);
    MediaInput media = null;
    for (Modality m : List.of(Modality.IMAGE, Modality.AUDIO)) {
      if (r.has(m.wireName())) {
        media = new MediaInput(m, base64(r.get(m.wireName()), m.wireName(), m));
      }
    }
    List<String> given = new ArrayList<>();
    for (String q : List.of("vector", "text", "image", "audio")) {
      if (r.has(q)) {
        given.add(q);
      }
    }
    if (given.isEmpty()) {
      throw new IllegalArgumentException("request body: a search needs \"vector\" (an array of numbers, or"
          + " {\"name\": ..., \"vector\": [...]}), \"text\", \"image\" or \"audio\" (base64 file bytes)");
    }
    if (given.size() > 1) {
      throw new IllegalArgumentException("request body: a search takes one of \"vector\", \"text\", \"image\""
          + " or \"audio\", not " + (given.size() == 2 ? "both" : "several") + ": got " + given);
    }
    int limit = r.intIn("limit", DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT);
    Integer ef = null;
    boolean exact = false;
    ObjectNode params = r.object("params", false);
    if (params != null) {
      FieldReader p = FieldReader.of(params, "params", "search params", "hnsw_ef", "exact");
      if (p.has("hnsw_ef")) {
        ef = p.intIn("hnsw_ef", 0, 1, 100_000);
      }
      exact = p.bool("exact", false);
    }
    Filter filter = filterFromJson(r.get("filter"), "filter");
    return new SearchRequest(using, vector, limit, filter, ef, exact, r.bool("with_payload", true),
        r.bool(false, "with_vector", "with_vectors"), text, media);
  }

  // ------------------------------------------------------------------ scroll and count

  public static ObjectNode scrollRequestToJson(ScrollRequest s) {
    ObjectNode o = NODES.objectNode();
    if (s.filter() != null) {
      o.set("filter", s.filter().toJson());
    }
    o.put("limit", s.limit());
    o.set("offset", s.offset() == null ? NODES.nullNode() : idToJson(s.offset()));
    o.put("with_payload", s.withPayload());
    o.put("with_vector", s.withVectors());
    return o;
  }

  /** An empty body is allowed ({@code {}}): the first 10 points with payloads. */
  public static ScrollRequest scrollRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a scroll body", "filter", "limit", "offset", "with_payload",
        "with_vector", "with_vectors");
    int limit = r.intIn("limit", DEFAULT_LIMIT, 1, ScrollRequest.MAX_LIMIT);
    PointId offset = r.has("offset") ? idFromJson(r.get("offset"), "offset") : null;
    Filter filter = filterFromJson(r.get("filter"), "filter");
    return new ScrollRequest(filter, limit, offset, r.bool("with_payload", true),
        r.bool(false, "with_vector", "with_vectors"));
  }

  /** {@code {"points": [...], "next_page_offset": id | null}}. */
  public static ObjectNode scrollPageToJson(ScrollPage page, CollectionConfig config, boolean withPayload,
      boolean withVector) {
    ObjectNode o = NODES.objectNode();
    o.set("points", pointsToJson(page.points(), config, withPayload, withVector));
    o.set("next_page_offset", page.nextOffset() == null ? NODES.nullNode() : idToJson(page.nextOffset()));
    return o;
  }

  public static ScrollPage scrollPageFromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("result: expected a scroll page object, got " + show(n));
    }
    List<Point> points = pointsResultFromJson(n.path("points"), "result.points");
    JsonNode next = n.get("next_page_offset");
    return new ScrollPage(points, next == null || next.isNull() ? null : idFromJson(next, "result.next_page_offset"));
  }

  /** Body of {@code POST .../points/count}: {@code {"filter": {...}}}; the filter may be absent. */
  public static ObjectNode countRequestToJson(Filter filter) {
    ObjectNode o = NODES.objectNode();
    if (filter != null) {
      o.set("filter", filter.toJson());
    }
    return o;
  }

  /** The filter of a count body, or null for all points. */
  public static Filter countRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a count body {\"filter\": ...}", "filter", "exact");
    r.bool("exact", true); // accepted for Qdrant compatibility; counts are always exact
    return filterFromJson(r.get("filter"), "filter");
  }

  public static ObjectNode countToJson(long count) {
    return NODES.objectNode().put("count", count);
  }

  public static long countFromJson(JsonNode result) {
    return requireLong(result, "count");
  }

  /** Result of {@code POST /collections/{c}/compact}. */
  public static ObjectNode compactedToJson(long reclaimed) {
    return NODES.objectNode().put("reclaimed_vectors", reclaimed);
  }

  public static long compactedFromJson(JsonNode result) {
    return requireLong(result, "reclaimed_vectors");
  }

  // ------------------------------------------------------------------ point ops bodies

  public static ObjectNode getPointsRequestToJson(GetPointsRequest g) {
    ObjectNode o = NODES.objectNode();
    o.set("ids", idsToJson(g.ids()));
    o.put("with_payload", g.withPayload());
    o.put("with_vector", g.withVector());
    return o;
  }

  public static GetPointsRequest getPointsRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a get-points body {\"ids\": [...]}", "ids", "with_payload",
        "with_vector", "with_vectors");
    return new GetPointsRequest(idsFromJson(r.array("ids", true), "ids"), r.bool("with_payload", true),
        r.bool(false, "with_vector", "with_vectors"));
  }

  public static ObjectNode deletePointsRequestToJson(DeletePointsRequest d) {
    ObjectNode o = NODES.objectNode();
    if (d.ids() != null) {
      o.set("points", idsToJson(d.ids()));
    } else {
      o.set("filter", d.filter().toJson());
    }
    return o;
  }

  public static DeletePointsRequest deletePointsRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a delete body {\"points\": [...]} or {\"filter\": {...}}",
        "points", "filter");
    if (r.has("points") == r.has("filter")) {
      throw new IllegalArgumentException("request body: delete takes \"points\" (an array of ids) or"
          + " \"filter\" (an object), exactly one; got " + show(body));
    }
    return r.has("points") ? DeletePointsRequest.ofIds(idsFromJson(r.array("points", true), "points"))
        : DeletePointsRequest.ofFilter(filterFromJson(r.get("filter"), "filter"));
  }

  /** {@code {"status": "completed", "deleted": n}}. */
  public static ObjectNode deletedToJson(long deleted) {
    return completed().put("deleted", deleted);
  }

  public static long deletedFromJson(JsonNode result) {
    return requireLong(result, "deleted");
  }

  public static ObjectNode payloadRequestToJson(PayloadRequest p) {
    ObjectNode o = NODES.objectNode();
    o.set("payload", p.payload());
    o.set("points", idsToJson(p.ids()));
    return o;
  }

  public static PayloadRequest payloadRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a payload body {\"payload\": {...}, \"points\": [...]}",
        "payload", "points");
    ObjectNode payload = r.object("payload", true);
    return new PayloadRequest(payload, idsFromJson(r.array("points", true), "points"));
  }

  public static ObjectNode deletePayloadKeysRequestToJson(DeletePayloadKeysRequest d) {
    ObjectNode o = NODES.objectNode();
    ArrayNode keys = o.putArray("keys");
    d.keys().forEach(keys::add);
    o.set("points", idsToJson(d.ids()));
    return o;
  }

  public static DeletePayloadKeysRequest deletePayloadKeysRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "a body {\"keys\": [...], \"points\": [...]}", "keys", "points");
    JsonNode keys = r.array("keys", true);
    List<String> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      JsonNode k = keys.get(i);
      if (!k.isTextual() || k.textValue().isEmpty()) {
        throw new IllegalArgumentException("keys[" + i + "]: expected a non-empty string, got " + show(k));
      }
      out.add(k.textValue());
    }
    return new DeletePayloadKeysRequest(out, idsFromJson(r.array("points", true), "points"));
  }

  public static ObjectNode createIndexRequestToJson(CreateIndexRequest c) {
    return NODES.objectNode().put("field_name", c.field())
        .put("field_schema", c.type().name().toLowerCase(Locale.ROOT));
  }

  /** {@code field_schema} is a type name or, as in Qdrant, {@code {"type": name}}. */
  public static CreateIndexRequest createIndexRequestFromJson(JsonNode body) {
    FieldReader r = FieldReader.of(body, "", "an index body {\"field_name\": ..., \"field_schema\": ...}",
        "field_name", "field_schema");
    String field = r.text("field_name", true);
    if (field.isEmpty()) {
      throw new IllegalArgumentException("field_name: expected a non-empty payload key, got \"\"");
    }
    String types = java.util.Arrays.stream(PayloadSchemaType.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.joining(", "));
    JsonNode schema = r.require("field_schema", "one of " + types);
    String type;
    if (schema.isObject()) {
      type = FieldReader.of(schema, "field_schema", "a schema {\"type\": ...}", "type").text("type", true);
    } else if (schema.isTextual()) {
      type = schema.textValue();
    } else {
      throw new IllegalArgumentException("field_schema: expected one of " + types + ", got " + show(schema));
    }
    try {
      return new CreateIndexRequest(field, PayloadSchemaType.parse(type));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field_schema: " + e.getMessage(), e);
    }
  }

  /** {@code {"status": "completed"}}: the result of an acknowledged write. */
  public static ObjectNode completed() {
    return NODES.objectNode().put("status", "completed");
  }

  // ------------------------------------------------------------------ collections

  /** Body of {@code PUT /collections/{c}}; errors name the field ({@link CollectionConfig#fromJson}). */
  public static CollectionConfig collectionConfigFromJson(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("request body: expected a collection config such as {\"vectors\":"
          + " {\"size\": 384, \"distance\": \"cosine\"}}, got " + show(body));
    }
    return CollectionConfig.fromJson(body);
  }

  /** {@code {"collections": [{"name": "a"}, ...]}}. */
  public static ObjectNode collectionsToJson(List<String> names) {
    ObjectNode o = NODES.objectNode();
    ArrayNode a = o.putArray("collections");
    names.forEach(n -> a.addObject().put("name", n));
    return o;
  }

  /**
   * The list with the collections that could not be opened, each as {@code {"name", "status":
   * "unavailable", "error"}}, in one list sorted by name.
   */
  public static ObjectNode collectionsToJson(List<String> names, java.util.Map<String, String> unavailable) {
    java.util.TreeMap<String, String> all = new java.util.TreeMap<>();
    names.forEach(n -> all.put(n, null));
    all.putAll(unavailable);
    ObjectNode o = NODES.objectNode();
    ArrayNode a = o.putArray("collections");
    all.forEach((n, error) -> {
      ObjectNode c = a.addObject().put("name", n);
      if (error != null) {
        c.put("status", "unavailable").put("error", error);
      }
    });
    return o;
  }

  /** The names of the open collections (those marked {@code "status": "unavailable"} are left out). */
  public static List<String> collectionNamesFromJson(JsonNode result) {
    JsonNode a = result == null ? null : result.get("collections");
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("result: expected {\"collections\": [...]}, got " + show(result));
    }
    List<String> out = new ArrayList<>(a.size());
    a.forEach(c -> {
      if (!"unavailable".equals(c.path("status").asText())) {
        out.add(c.path("name").asText());
      }
    });
    return out;
  }

  public static ObjectNode existsToJson(boolean exists) {
    return NODES.objectNode().put("exists", exists);
  }

  public static boolean existsFromJson(JsonNode result) {
    JsonNode e = result == null ? null : result.get("exists");
    if (e == null || !e.isBoolean()) {
      throw new IllegalArgumentException("result: expected {\"exists\": true|false}, got " + show(result));
    }
    return e.booleanValue();
  }

  /**
   * {@code {"status", "points_count", "deleted_vectors", "config", "payload_schema": {"field":
   * {"data_type": "keyword"}}, "wal_bytes", "disk_bytes", "last_lsn"}}.
   */
  public static ObjectNode collectionInfoToJson(CollectionInfo info) {
    ObjectNode o = NODES.objectNode();
    o.put("status", info.status());
    o.put("points_count", info.pointCount());
    o.put("deleted_vectors", info.deletedVectors());
    o.set("config", info.config().toJson());
    ObjectNode schema = o.putObject("payload_schema");
    info.payloadSchema().forEach((field, type) ->
        schema.putObject(field).put("data_type", type.name().toLowerCase(Locale.ROOT)));
    o.put("wal_bytes", info.walBytes());
    o.put("disk_bytes", info.diskBytes());
    o.put("last_lsn", info.lastLsn());
    o.put("segments_count", info.segmentsCount());
    o.put("mapped_bytes", info.mappedBytes());
    o.put("merges", info.merges());
    return o;
  }

  /** The info of collection {@code name} (the JSON does not repeat the name). */
  public static CollectionInfo collectionInfoFromJson(String name, JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("result: expected collection info, got " + show(n));
    }
    Map<String, PayloadSchemaType> schema = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("payload_schema").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      schema.put(e.getKey(), PayloadSchemaType.parse(e.getValue().path("data_type").asText()));
    }
    return new CollectionInfo(name, CollectionConfig.fromJson(n.get("config")), requireLong(n, "points_count"),
        n.path("deleted_vectors").asLong(), schema, n.path("wal_bytes").asLong(), n.path("disk_bytes").asLong(),
        n.path("last_lsn").asLong(), n.path("status").asText("green"), n.path("segments_count").asInt(1),
        n.path("mapped_bytes").asLong(), n.path("merges").asLong());
  }

  // ------------------------------------------------------------------ snapshots

  public static ObjectNode snapshotToJson(SnapshotDescription s) {
    return NODES.objectNode().put("name", s.name()).put("size", s.size());
  }

  public static SnapshotDescription snapshotFromJson(JsonNode n) {
    if (n == null || !n.path("name").isTextual()) {
      throw new IllegalArgumentException("result: expected {\"name\": ..., \"size\": ...}, got " + show(n));
    }
    return new SnapshotDescription(n.get("name").textValue(), n.path("size").asLong());
  }

  public static ArrayNode snapshotsToJson(List<SnapshotDescription> list) {
    ArrayNode a = NODES.arrayNode(list.size());
    list.forEach(s -> a.add(snapshotToJson(s)));
    return a;
  }

  public static List<SnapshotDescription> snapshotsFromJson(JsonNode n) {
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException("result: expected an array of snapshots, got " + show(n));
    }
    List<SnapshotDescription> out = new ArrayList<>(n.size());
    n.forEach(s -> out.add(snapshotFromJson(s)));
    return out;
  }

  private static long requireLong(JsonNode o, String field) {
    JsonNode n = o == null ? null : o.get(field);
    if (n == null || !n.isIntegralNumber()) {
      throw new IllegalArgumentException("result: expected {\"" + field + "\": <integer>}, got " + show(o));
    }
    return n.longValue();
  }
}
