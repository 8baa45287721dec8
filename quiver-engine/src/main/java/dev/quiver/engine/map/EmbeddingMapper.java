package dev.quiver.engine.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.CollectionInfo;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScrollPage;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Builds {@link EmbeddingMap}s. Reads the collection through {@link VectorCollection#scroll} only
 * (so it works on any collection), keeps a uniform sample of {@link MapRequest#limit()} points by
 * reservoir sampling (Algorithm R, seeded), and projects it. Stateless.
 */
public final class EmbeddingMapper {

  private static final int PAGE = 1_000;
  private static final int LABEL_CHARS = 80;
  private static final String[] LABEL_FIELDS = {"title", "name", "label", "text", "source"};

  private EmbeddingMapper() {}

  /**
   * Maps {@code collection} as {@code request} asks.
   *
   * @throws IllegalArgumentException for an unknown vector, an empty collection, or a colour field
   *     that no sampled point has (the message lists the fields seen)
   */
  public static EmbeddingMap build(VectorCollection collection, MapRequest request) {
    String using = resolveUsing(collection, request.using());
    VectorParams params = collection.config().vectors().get(using);
    CollectionInfo info = collection.info();
    int capacity = request.sampleSize();
    List<Point> reservoir = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(request.seed());
    long seen = 0;
    PointId offset = null;
    do {
      ScrollPage page = collection.scroll(new ScrollRequest(null, PAGE, offset, true, true));
      for (Point p : page.points()) {
        if (p.vectors().get(using) == null) {
          continue;
        }
        seen++;
        if (reservoir.size() < capacity) {
          reservoir.add(p);
        } else {
          long j = rnd.nextLong(seen);
          if (j < capacity) {
            reservoir.set((int) j, p);
          }
        }
      }
      offset = page.nextOffset();
    } while (offset != null);
    if (reservoir.isEmpty()) {
      throw new IllegalArgumentException("collection '" + collection.name() + "' has no points"
          + (collection.config().vectors().size() > 1 ? " with vector '" + using + "'" : "")
          + " to map; add points first");
    }
    reservoir.sort(Comparator.comparing(Point::id));
    List<JsonNode> colors = colors(collection.name(), reservoir, request.colorField());

    int n = reservoir.size();
    float[][] data = new float[n][];
    for (int i = 0; i < n; i++) {
      data[i] = params.metric().prepare(reservoir.get(i).vectors().get(using));
    }
    String what = "vector '" + using + "' of collection '" + collection.name() + "'";
    Pca pca = Pca.fit(data, request.seed());
    float[][] coords = new float[n][];
    for (int i = 0; i < n; i++) {
      coords[i] = pca.project(data[i]);
    }
    EmbeddingMap.Placer placer;
    List<String> notes = new ArrayList<>();
    if (seen > n) {
      notes.add("uniform sample of " + n + " of " + seen + " points (seed " + request.seed() + ")");
    }
    if (request.method() == ProjectionMethod.TSNE) {
      coords = Tsne.embed(data, coords);
      placer = new EmbeddingMap.Placer(params.metric(), params.dimension(), null, data, coords, what);
      if (request.limit() > Tsne.MAX_POINTS && seen > Tsne.MAX_POINTS) {
        notes.add("exact t-SNE is limited to " + Tsne.MAX_POINTS + " points; use method=pca to see up to "
            + MapRequest.MAX_LIMIT);
      }
      notes.add("t-SNE keeps neighbourhoods, not distances; a query is placed at the weighted mean of its "
          + EmbeddingMap.Placer.NEIGHBOURS + " nearest mapped points");
    } else {
      placer = new EmbeddingMap.Placer(params.metric(), params.dimension(), pca, null, null, what);
      double[] var = pca.variance();
      notes.add(String.format(java.util.Locale.ROOT, "PCA: variance along the axes %.4g and %.4g", var[0], var[1]));
    }
    List<MapPoint> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Point p = reservoir.get(i);
      points.add(new MapPoint(p.id(), coords[i][0], coords[i][1], colors.get(i), label(p)));
    }
    return new EmbeddingMap(collection.name(), using, request.method(), Math.max(seen, info.pointCount()),
        info.lastLsn(), points, String.join("; ", notes), placer);
  }

  static String resolveUsing(VectorCollection c, String using) {
    var vectors = c.config().vectors();
    if (using == null || using.isBlank()) {
      if (vectors.size() == 1) {
        return vectors.keySet().iterator().next();
      }
      throw new IllegalArgumentException("collection '" + c.name() + "' has vectors " + vectors.keySet()
          + "; say which to map with 'using'");
    }
    if (!vectors.containsKey(using)) {
      throw new IllegalArgumentException("collection '" + c.name() + "' has no vector '" + using + "'; it has "
          + vectors.keySet());
    }
    return using;
  }

  private static List<JsonNode> colors(String collection, List<Point> points, String field) {
    List<JsonNode> out = new ArrayList<>(points.size());
    if (field == null) {
      points.forEach(p -> out.add(null));
      return out;
    }
    boolean any = false;
    for (Point p : points) {
      JsonNode v = field(p.payload(), field);
      if (v != null && v.isArray()) {
        v = v.isEmpty() ? null : v.get(0); // a tag list: colour by its first tag
      }
      if (v != null && v.isNull()) {
        v = null;
      }
      any |= v != null;
      out.add(v);
    }
    if (!any) {
      TreeSet<String> fields = new TreeSet<>();
      for (Point p : points) {
        for (Iterator<String> it = p.payload().fieldNames(); it.hasNext() && fields.size() < 50; ) {
          fields.add(it.next());
        }
      }
      throw new IllegalArgumentException("color field '" + field + "' is in none of the " + points.size()
          + " mapped points of collection '" + collection + "'; payload fields seen: " + fields);
    }
    return out;
  }

  private static JsonNode field(ObjectNode payload, String path) {
    JsonNode cur = payload;
    for (String part : path.split("\\.")) {
      if (cur == null || !cur.isObject()) {
        return null;
      }
      cur = cur.get(part);
    }
    return cur;
  }

  private static String label(Point p) {
    for (String f : LABEL_FIELDS) {
      JsonNode v = p.payload().get(f);
      if (v != null && v.isTextual() && !v.asText().isBlank()) {
        String s = v.asText().strip().replaceAll("\\s+", " ");
        return s.length() > LABEL_CHARS ? s.substring(0, LABEL_CHARS - 1) + "…" : s;
      }
    }
    return p.id().toString();
  }
}
