package dev.quiver.server;

import static dev.quiver.server.Access.READ;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.api.RecommendCodec;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.recommend.QueryArithmetic;
import dev.quiver.engine.recommend.RecommendRequest;
import dev.quiver.engine.recommend.Recommender;
import io.javalin.http.Context;
import java.util.List;

/**
 * Recommendations ({@code dev.quiver.engine.recommend}), all read-only:
 * {@code POST /collections/{c}/points/recommend} (positive/negative examples, Qdrant-shaped),
 * {@code .../points/recommend/profile} (a time-decayed interaction history) and
 * {@code .../points/arithmetic} (a weighted sum of examples, e.g. king - man + woman). Bodies are
 * read by {@link RecommendCodec}; text examples are embedded with the database's models.
 */
final class RecommendRoutes {

  private final Quiver db;
  private final long maxBodyBytes;
  private final Recommender recommender;

  RecommendRoutes(Quiver db, long maxBodyBytes) {
    this.db = db;
    this.maxBodyBytes = maxBodyBytes;
    this.recommender = new Recommender(db.config().models());
  }

  List<Route> routes() {
    String c = "/collections/{c}/points";
    return List.of(
        Route.post(c + "/recommend", READ, this::recommend),
        Route.post(c + "/recommend/profile", READ, this::profile),
        Route.post(c + "/arithmetic", READ, this::arithmetic));
  }

  private JsonNode body(Context ctx) {
    return RequestBodies.json(ctx, maxBodyBytes, false);
  }

  private void recommend(Context ctx) {
    VectorCollection col = db.collection(ctx.pathParam("c"));
    RecommendRequest r = RecommendCodec.recommendRequestFromJson(body(ctx));
    Responses.ok(ctx, ApiCodec.scoredPointsToJson(recommender.recommend(col, r), col.config()));
  }

  private void profile(Context ctx) {
    VectorCollection col = db.collection(ctx.pathParam("c"));
    RecommendCodec.ProfileQuery q = RecommendCodec.profileQueryFromJson(body(ctx));
    Responses.ok(ctx, ApiCodec.scoredPointsToJson(recommender.recommendFor(col, q.profile(), q.limit(), q.filter()),
        col.config()));
  }

  private void arithmetic(Context ctx) {
    VectorCollection col = db.collection(ctx.pathParam("c"));
    QueryArithmetic q = RecommendCodec.arithmeticFromJson(body(ctx));
    Responses.ok(ctx, ApiCodec.scoredPointsToJson(recommender.search(col, q), col.config()));
  }
}
