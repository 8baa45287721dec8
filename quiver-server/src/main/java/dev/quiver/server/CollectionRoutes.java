package dev.quiver.server;

import static dev.quiver.server.Access.READ;
import static dev.quiver.server.Access.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import dev.quiver.api.CreateIndexRequest;
import dev.quiver.api.DeletePayloadKeysRequest;
import dev.quiver.api.DeletePointsRequest;
import dev.quiver.api.GetPointsRequest;
import dev.quiver.api.HybridCodec;
import dev.quiver.api.PayloadRequest;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.text.HybridSearchRequest;
import io.javalin.http.Context;
import java.util.List;

/**
 * Collections, points and payload indexes. Each handler parses with {@link ApiCodec}, calls one
 * engine method and writes the mapped result; errors propagate to {@link ErrorMapping}.
 */
final class CollectionRoutes {

  private final Quiver db;
  private final long maxBodyBytes;

  CollectionRoutes(Quiver db, long maxBodyBytes) {
    this.db = db;
    this.maxBodyBytes = maxBodyBytes;
  }

  List<Route> routes() {
    String c = "/collections/{c}";
    return List.of(
        Route.get("/collections", READ, this::list),
        Route.put(c, WRITE, this::create),
        Route.get(c, READ, this::info),
        Route.get(c + "/exists", READ, this::exists),
        Route.delete(c, WRITE, this::delete),
        Route.put(c + "/points", WRITE, this::upsert),
        Route.get(c + "/points/{id}", READ, this::getOne),
        Route.post(c + "/points", READ, this::getMany),
        Route.post(c + "/points/delete", WRITE, this::deletePoints),
        Route.post(c + "/points/payload", WRITE, this::setPayload),
        Route.put(c + "/points/payload", WRITE, this::overwritePayload),
        Route.post(c + "/points/payload/delete", WRITE, this::deletePayloadKeys),
        Route.post(c + "/points/scroll", READ, this::scroll),
        Route.post(c + "/points/count", READ, this::count),
        Route.post(c + "/points/search", READ, this::search),
        Route.post(c + "/points/hybrid", READ, this::hybrid),
        Route.post(c + "/points/keyword", READ, this::keyword),
        Route.put(c + "/index", WRITE, this::createIndex),
        Route.delete(c + "/index/{field}", WRITE, this::dropIndex),
        Route.post(c + "/compact", WRITE, this::compact));
  }

  private JsonNode body(Context ctx) {
    return RequestBodies.json(ctx, maxBodyBytes, false);
  }

  private JsonNode optionalBody(Context ctx) {
    return RequestBodies.json(ctx, maxBodyBytes, true);
  }

  private VectorCollection collection(Context ctx) {
    return db.collection(ctx.pathParam("c"));
  }

  /** Open collections, and those that could not be opened with their error (docs/http-api.md). */
  private void list(Context ctx) {
    Responses.ok(ctx, ApiCodec.collectionsToJson(db.collectionNames(), db.unavailableCollections()));
  }

  private void create(Context ctx) {
    db.createCollection(ctx.pathParam("c"), ApiCodec.collectionConfigFromJson(body(ctx)));
    Responses.ok(ctx, BooleanNode.TRUE);
  }

  private void info(Context ctx) {
    Responses.ok(ctx, ApiCodec.collectionInfoToJson(collection(ctx).info()));
  }

  private void exists(Context ctx) {
    Responses.ok(ctx, ApiCodec.existsToJson(db.hasCollection(ctx.pathParam("c"))));
  }

  private void delete(Context ctx) {
    db.deleteCollection(ctx.pathParam("c"));
    Responses.ok(ctx, BooleanNode.TRUE);
  }

  private void upsert(Context ctx) {
    VectorCollection col = collection(ctx);
    List<Point> points = ApiCodec.upsertRequestFromJson(body(ctx));
    col.upsert(points);
    Responses.ok(ctx, ApiCodec.completed());
  }

  private void getOne(Context ctx) {
    VectorCollection col = collection(ctx);
    PointId id;
    try {
      id = PointId.parse(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("path: " + e.getMessage(), e);
    }
    List<Point> found = col.get(List.of(id), true, true);
    if (found.isEmpty()) {
      throw new ApiException(ApiErrorCode.NOT_FOUND, "point " + id + " does not exist in collection '"
          + col.name() + "'");
    }
    Responses.ok(ctx, ApiCodec.pointToJson(found.get(0), col.config(), true, true));
  }

  private void getMany(Context ctx) {
    VectorCollection col = collection(ctx);
    GetPointsRequest r = ApiCodec.getPointsRequestFromJson(body(ctx));
    List<Point> found = col.get(r.ids(), r.withPayload(), r.withVector());
    Responses.ok(ctx, ApiCodec.pointsToJson(found, col.config(), r.withPayload(), r.withVector()));
  }

  private void deletePoints(Context ctx) {
    VectorCollection col = collection(ctx);
    DeletePointsRequest r = ApiCodec.deletePointsRequestFromJson(body(ctx));
    long n = r.ids() != null ? col.delete(r.ids()) : col.delete(r.filter());
    Responses.ok(ctx, ApiCodec.deletedToJson(n));
  }

  private void setPayload(Context ctx) {
    VectorCollection col = collection(ctx);
    PayloadRequest r = ApiCodec.payloadRequestFromJson(body(ctx));
    col.setPayload(r.ids(), r.payload());
    Responses.ok(ctx, ApiCodec.completed());
  }

  private void overwritePayload(Context ctx) {
    VectorCollection col = collection(ctx);
    PayloadRequest r = ApiCodec.payloadRequestFromJson(body(ctx));
    col.overwritePayload(r.ids(), r.payload());
    Responses.ok(ctx, ApiCodec.completed());
  }

  private void deletePayloadKeys(Context ctx) {
    VectorCollection col = collection(ctx);
    DeletePayloadKeysRequest r = ApiCodec.deletePayloadKeysRequestFromJson(body(ctx));
    col.deletePayloadKeys(r.ids(), r.keys());
    Responses.ok(ctx, ApiCodec.completed());
  }

  private void scroll(Context ctx) {
    VectorCollection col = collection(ctx);
    ScrollRequest r = ApiCodec.scrollRequestFromJson(optionalBody(ctx));
    Responses.ok(ctx, ApiCodec.scrollPageToJson(col.scroll(r), col.config(), r.withPayload(), r.withVectors()));
  }

  private void count(Context ctx) {
    VectorCollection col = collection(ctx);
    Responses.ok(ctx, ApiCodec.countToJson(col.count(ApiCodec.countRequestFromJson(optionalBody(ctx)))));
  }

  private void search(Context ctx) {
    VectorCollection col = collection(ctx);
    SearchRequest r = ApiCodec.searchRequestFromJson(body(ctx));
    Responses.ok(ctx, ApiCodec.scoredPointsToJson(col.search(r), col.config()));
  }

  private void hybrid(Context ctx) {
    VectorCollection col = collection(ctx);
    HybridSearchRequest r = HybridCodec.fromJson(body(ctx));
    Responses.ok(ctx, ApiCodec.scoredPointsToJson(col.searchHybrid(r), col.config()));
  }

  private void keyword(Context ctx) {
    VectorCollection col = collection(ctx);
    HybridSearchRequest r = HybridCodec.fromJson(body(ctx));
    Responses.ok(ctx, ApiCodec.scoredPointsToJson(col.keywordSearch(r), col.config()));
  }

  private void createIndex(Context ctx) {
    VectorCollection col = collection(ctx);
    CreateIndexRequest r = ApiCodec.createIndexRequestFromJson(body(ctx));
    col.createPayloadIndex(r.field(), r.type());
    Responses.ok(ctx, ApiCodec.completed());
  }

  private void compact(Context ctx) {
    Responses.ok(ctx, ApiCodec.compactedToJson(collection(ctx).compact()));
  }

  private void dropIndex(Context ctx) {
    collection(ctx).dropPayloadIndex(ctx.pathParam("field"));
    Responses.ok(ctx, ApiCodec.completed());
  }
}
