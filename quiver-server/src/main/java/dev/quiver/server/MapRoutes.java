package dev.quiver.server;

import static dev.quiver.server.Access.READ;

import dev.quiver.api.MapCodec;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.map.EmbeddingMap;
import dev.quiver.engine.map.EmbeddingMapper;
import dev.quiver.engine.map.MapRequest;
import dev.quiver.engine.recommend.QueryArithmetic;
import dev.quiver.engine.recommend.Recommender;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding map ({@code dev.quiver.engine.map}), read-only: {@code GET /collections/{c}/map}
 * projects a sample of one vector to 2D, {@code POST /collections/{c}/map/query} places a query (id,
 * vector or text) on the same map. The last {@value #CACHED} maps are kept while their collection
 * has not changed (same collection object and write sequence number), so the console's query
 * placement after a map costs one embedding, not a new projection.
 */
final class MapRoutes {

  static final int CACHED = 8;

  private final Quiver db;
  private final long maxBodyBytes;
  private final Recommender recommender;
  /** Guarded by itself; access order, so the least recently used map is dropped first. */
  private final Map<Key, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
      return size() > CACHED;
    }
  };

  private record Key(String collection, MapRequest request) {}

  private record Cached(VectorCollection collection, EmbeddingMap map) {}

  MapRoutes(Quiver db, long maxBodyBytes) {
    this.db = db;
    this.maxBodyBytes = maxBodyBytes;
    this.recommender = new Recommender(db.config().models());
  }

  List<Route> routes() {
    return List.of(
        Route.get("/collections/{c}/map", READ, this::map),
        Route.post("/collections/{c}/map/query", READ, this::query));
  }

  private void map(Context ctx) {
    VectorCollection col = db.collection(ctx.pathParam("c"));
    MapRequest r = MapCodec.requestFromParams(ctx.queryParamMap());
    Responses.ok(ctx, MapCodec.mapToJson(map(col, r), r));
  }

  private void query(Context ctx) {
    VectorCollection col = db.collection(ctx.pathParam("c"));
    MapCodec.MapQuery q = MapCodec.queryFromJson(RequestBodies.json(ctx, maxBodyBytes, false));
    EmbeddingMap m = map(col, q.map());
    float[] v;
    try {
      v = recommender.queryVector(col, QueryArithmetic.of(List.of(QueryArithmetic.plus(q.query())), 1).using(m.using()));
    } catch (IllegalArgumentException e) {
      // the recommender names the example "terms[0]"; here it is the body's "query"
      throw new IllegalArgumentException(e.getMessage().replace("terms[0]", "query"), e);
    }
    Responses.ok(ctx, MapCodec.placeToJson(m.place(v)));
  }

  private EmbeddingMap map(VectorCollection col, MapRequest r) {
    Key key = new Key(col.name(), r);
    long version = col.info().lastLsn();
    synchronized (cache) {
      Cached c = cache.get(key);
      if (c != null && c.collection() == col && c.map().version() == version) {
        return c.map();
      }
    }
    // built outside the lock: a projection takes up to seconds and other maps need not wait
    EmbeddingMap m = EmbeddingMapper.build(col, r);
    synchronized (cache) {
      cache.put(key, new Cached(col, m));
    }
    return m;
  }
}
