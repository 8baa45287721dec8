package dev.quiver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.embed.audit.Weat;
import dev.quiver.embed.audit.WeatDefinition;
import dev.quiver.embed.audit.WeatResult;
import dev.quiver.engine.quality.HealthOptions;
import dev.quiver.engine.quality.HealthReport;
import dev.quiver.engine.quality.HealthReport.Distribution;
import dev.quiver.engine.quality.HealthReport.VectorHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON of the data-quality routes: the health report ({@code GET /collections/{c}/inspect}, options
 * from query parameters) and the bias audit ({@code POST /audit}). Field names are snake_case like
 * the rest of the API; lists of offenders carry point ids in the API's id form.
 */
public final class QualityCodec {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** Query parameters of the inspect route. */
  public static final Set<String> INSPECT_PARAMS = Set.of("vector", "k", "ef_search", "near_duplicate", "outlier_z",
      "field_coverage", "near_zero_norm", "hub_factor", "max_listed", "bins");
  private static final Set<String> AUDIT_FIELDS = Set.of("model", "test", "sets", "sentences", "samples", "alpha");

  private QualityCodec() {}

  // ---------------------------------------------------------------- health report

  /** Health options from query parameters; unknown or repeated parameters are refused. */
  public static HealthOptions healthOptionsFromParams(Map<String, List<String>> params) {
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      if (!INSPECT_PARAMS.contains(e.getKey())) {
        throw new IllegalArgumentException("query parameter '" + e.getKey() + "' is unknown; expected one of "
            + new java.util.TreeSet<>(INSPECT_PARAMS));
      }
      if (e.getValue().size() > 1) {
        throw new IllegalArgumentException("query parameter '" + e.getKey() + "' is given " + e.getValue().size()
            + " times; give it once");
      }
    }
    HealthOptions o = HealthOptions.defaults();
    String v = one(params, "vector");
    if (v != null) {
      o = o.withVector(v);
    }
    if (one(params, "k") != null) {
      o = o.withK(integer(params, "k"));
    }
    if (one(params, "ef_search") != null) {
      o = o.withEfSearch(integer(params, "ef_search"));
    }
    if (one(params, "near_duplicate") != null) {
      o = o.withNearDuplicate(decimal(params, "near_duplicate"));
    }
    if (one(params, "outlier_z") != null) {
      o = o.withOutlierZ(decimal(params, "outlier_z"));
    }
    if (one(params, "field_coverage") != null) {
      o = o.withFieldCoverage(decimal(params, "field_coverage"));
    }
    if (one(params, "near_zero_norm") != null) {
      o = o.withNearZeroNorm(decimal(params, "near_zero_norm"));
    }
    if (one(params, "hub_factor") != null) {
      o = o.withHubFactor(decimal(params, "hub_factor"));
    }
    if (one(params, "max_listed") != null) {
      o = o.withMaxListed(integer(params, "max_listed"));
    }
    if (one(params, "bins") != null) {
      o = o.withBins(integer(params, "bins"));
    }
    return o;
  }

  private static String one(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static int integer(Map<String, List<String>> params, String name) {
    String s = one(params, name);
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be an integer, got '" + s + "'");
    }
  }

  private static double decimal(Map<String, List<String>> params, String name) {
    String s = one(params, name);
    try {
      double d = Double.parseDouble(s.trim());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be a number, got '" + s + "'");
    }
  }

  /** The whole report. */
  public static ObjectNode healthReportToJson(HealthReport r) {
    ObjectNode o = F.objectNode();
    o.put("collection", r.collection());
    o.put("points", r.points());
    o.put("threads", r.threads());
    o.put("elapsed_ms", r.elapsedMillis());
    ObjectNode opts = o.putObject("options");
    HealthOptions h = r.options();
    opts.put("k", h.k()).put("near_duplicate", h.nearDuplicate()).put("outlier_z", h.outlierZ())
        .put("field_coverage", h.fieldCoverage()).put("near_zero_norm", h.nearZeroNorm())
        .put("hub_factor", h.hubFactor()).put("max_listed", h.maxListed()).put("bins", h.bins());
    ArrayNode vectors = o.putArray("vectors");
    r.vectors().forEach(v -> vectors.add(vectorToJson(v)));
    ObjectNode payload = o.putObject("payload");
    payload.put("coverage", r.payload().coverage());
    ArrayNode fields = payload.putArray("fields");
    r.payload().fields().forEach(f -> fields.addObject().put("field", f.field()).put("points", f.points()));
    ArrayNode missing = payload.putArray("missing");
    r.payload().missing().forEach(m -> {
      ObjectNode n = missing.addObject().put("field", m.field()).put("present", m.present()).put("missing", m.missing());
      n.set("sample", ApiCodec.idsToJson(m.sample()));
    });
    return o;
  }

  private static ObjectNode vectorToJson(VectorHealth v) {
    ObjectNode o = F.objectNode();
    o.put("vector", v.vector());
    o.put("metric", v.metric().name().toLowerCase(Locale.ROOT));
    o.put("dimension", v.dimension());
    o.put("k", v.k());
    o.put("ef_search", v.efSearch());
    ArrayNode notes = o.putArray("notes");
    v.notes().forEach(notes::add);
    o.put("non_finite", v.nonFinite());
    o.put("zero_norm", v.zeroNorm());
    o.put("near_zero_norm", v.nearZeroNorm());
    ArrayNode small = o.putArray("near_zero_sample");
    v.nearZeroIds().forEach(n -> small.addObject().<ObjectNode>set("id", ApiCodec.idToJson(n.id())).put("norm", n.norm()));
    var ex = v.exactDuplicates();
    ObjectNode exact = o.putObject("exact_duplicates").put("groups", ex.groups()).put("points", ex.points())
        .put("redundant", ex.redundant());
    ArrayNode groups = exact.putArray("sample");
    ex.sample().forEach(g -> groups.add(ApiCodec.idsToJson(g)));
    var nd = v.nearDuplicates();
    ObjectNode near = o.putObject("near_duplicates").put("threshold", nd.threshold()).put("pairs", nd.pairs())
        .put("points", nd.points());
    ArrayNode pairs = near.putArray("sample");
    nd.sample().forEach(p -> pairs.addObject().<ObjectNode>set("a", ApiCodec.idToJson(p.a()))
        .<ObjectNode>set("b", ApiCodec.idToJson(p.b())).put("cosine", p.cosine()));
    var ol = v.outliers();
    ObjectNode out = o.putObject("outliers").put("threshold", ol.threshold()).put("median", ol.median())
        .put("mad", ol.mad()).put("count", ol.count());
    ArrayNode outs = out.putArray("sample");
    ol.sample().forEach(x -> outs.addObject().<ObjectNode>set("id", ApiCodec.idToJson(x.id()))
        .put("kth_distance", x.kthDistance()).put("z", x.z()));
    var h = v.hubness();
    ObjectNode hub = o.putObject("hubness").put("mean", h.mean()).put("std_dev", h.stdDev())
        .put("skewness", h.skewness()).put("max", h.max()).put("antihubs", h.antihubs())
        .put("threshold", h.threshold()).put("hubs", h.hubs());
    ArrayNode hubs = hub.putArray("sample");
    h.sample().forEach(x -> hubs.addObject().<ObjectNode>set("id", ApiCodec.idToJson(x.id()))
        .put("occurrences", x.occurrences()));
    o.set("norms", distributionToJson(v.norms()));
    o.set("nearest_distance", distributionToJson(v.nearestDistance()));
    o.set("kth_distance", distributionToJson(v.kthDistance()));
    return o;
  }

  private static ObjectNode distributionToJson(Distribution d) {
    ObjectNode o = F.objectNode().put("count", d.count()).put("min", d.min()).put("max", d.max()).put("mean", d.mean());
    ObjectNode q = o.putObject("quantiles");
    d.quantiles().forEach(x -> q.put(String.format(Locale.ROOT, "p%d", Math.round(x.p() * 100)), x.value()));
    ObjectNode hist = o.putObject("histogram").put("min", d.min()).put("width", d.width());
    ArrayNode counts = hist.putArray("counts");
    for (long c : d.counts()) {
      counts.add(c);
    }
    return o;
  }

  // ---------------------------------------------------------------- audit

  /**
   * A bias audit request: {@code {"model": "all-MiniLM-L6-v2", "test": "weat1" | "all" | ["weat1",
   * ...], "sets": {test} | [{test}, ...], "sentences": false, "samples": 100000, "alpha": 0.05}}.
   * Without {@code test} and {@code sets} every built-in test runs.
   */
  public record AuditRequest(String model, List<WeatDefinition> tests, Weat.Options options) {}

  public static AuditRequest auditRequestFromJson(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("audit request must be a JSON object with \"model\"");
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!AUDIT_FIELDS.contains(f)) {
        throw new IllegalArgumentException("unknown field '" + f + "' in audit request; expected "
            + new java.util.TreeSet<>(AUDIT_FIELDS));
      }
    }
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw new IllegalArgumentException("audit request needs \"model\": the name of a text model, got "
          + (model == null ? "nothing" : model.toString()));
    }
    List<WeatDefinition> tests = new ArrayList<>();
    JsonNode test = body.get("test");
    if (test != null && !test.isNull()) {
      List<String> names = new ArrayList<>();
      if (test.isTextual()) {
        names.add(test.asText());
      } else if (test.isArray()) {
        for (JsonNode t : test) {
          if (!t.isTextual()) {
            throw new IllegalArgumentException("test must hold test names, got " + t);
          }
          names.add(t.asText());
        }
      } else {
        throw new IllegalArgumentException("test must be a name (weat1 ... weat10, or all) or an array of names, got "
            + test);
      }
      for (String n : names) {
        if (n.equalsIgnoreCase("all")) {
          tests.addAll(WeatDefinition.builtIn());
        } else {
          tests.add(WeatDefinition.builtIn(n));
        }
      }
    }
    JsonNode sets = body.get("sets");
    if (sets != null && !sets.isNull()) {
      tests.addAll(WeatDefinition.fromJsonList(sets, "sets"));
    }
    if (tests.isEmpty()) {
      tests.addAll(WeatDefinition.builtIn());
    }
    Weat.Options o = Weat.Options.defaults();
    JsonNode s = body.get("sentences");
    if (s != null && !s.isNull()) {
      if (!s.isBoolean()) {
        throw new IllegalArgumentException("sentences must be true or false, got " + s);
      }
      o = o.withSentences(s.asBoolean());
    }
    JsonNode samples = body.get("samples");
    if (samples != null && !samples.isNull()) {
      if (!samples.canConvertToInt() || !samples.isIntegralNumber()) {
        throw new IllegalArgumentException("samples must be an integer, got " + samples);
      }
      o = o.withSamples(samples.asInt());
    }
    JsonNode alpha = body.get("alpha");
    if (alpha != null && !alpha.isNull()) {
      if (!alpha.isNumber()) {
        throw new IllegalArgumentException("alpha must be a number, got " + alpha);
      }
      o = o.withAlpha(alpha.asDouble());
    }
    return new AuditRequest(model.asText(), tests, o);
  }

  /** The audit's results with how p was computed. */
  public static ObjectNode auditResultToJson(String model, List<WeatResult> results, Weat.Options options) {
    ObjectNode o = F.objectNode();
    o.put("model", model);
    o.put("sentences", options.sentences());
    o.put("method", "WEAT, Caliskan, Bryson & Narayanan (Science, 2017): effect size with the sample standard"
        + " deviation (n - 1); one-sided permutation p-value over re-partitions of X u Y"
        + (options.sentences() ? "; SEAT sentence templates of May et al. (NAACL 2019)" : ""));
    ArrayNode list = o.putArray("results");
    for (WeatResult r : results) {
      ObjectNode n = list.addObject();
      n.put("test", r.test());
      n.put("title", r.title());
      n.put("x", r.x()).put("y", r.y()).put("a", r.a()).put("b", r.b());
      n.put("nx", r.nx()).put("ny", r.ny()).put("na", r.na()).put("nb", r.nb());
      n.put("effect_size", r.effectSize());
      n.put("statistic", r.statistic());
      n.put("p_value", r.pValue());
      n.put("p_value_method", r.pValueMethod(options.samples()));
      n.put("exact", r.exact());
      n.put("alpha", r.alpha());
      n.put("significant", r.significant());
    }
    return o;
  }
}
