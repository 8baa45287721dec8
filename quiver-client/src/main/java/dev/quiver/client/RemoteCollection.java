package dev.quiver.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.api.CreateIndexRequest;
import dev.quiver.api.DeletePayloadKeysRequest;
import dev.quiver.api.DeletePointsRequest;
import dev.quiver.api.GetPointsRequest;
import dev.quiver.api.HybridCodec;
import dev.quiver.api.PayloadRequest;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.CollectionInfo;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.ScrollPage;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.text.HybridSearchRequest;
import java.util.List;

/**
 * A collection on a Quiver server: each method is one HTTP request to the route of
 * docs/http-api.md that calls the same engine method, and fails with the same exception type.
 * Immutable and thread-safe; obtained from {@link QuiverClient}.
 *
 * <p>The few checks done here rather than on the server are for values JSON cannot carry (NaN and
 * infinite components, a null filter or payload); they throw what the embedded collection throws.
 */
public final class RemoteCollection implements VectorCollection {

  private final Transport transport;
  private final String name;
  private final CollectionConfig config;
  /** {@code /collections/<name>}, encoded. */
  private final String path;

  RemoteCollection(Transport transport, String name, CollectionConfig config) {
    this.transport = transport;
    this.name = name;
    this.config = config;
    this.path = "/collections/" + Transport.segment(name);
  }

  @Override
  public String name() {
    return name;
  }

  /** The configuration read when this handle was made (a collection's config is sealed). */
  @Override
  public CollectionConfig config() {
    return config;
  }

  @Override
  public CollectionInfo info() {
    return ApiCodec.collectionInfoFromJson(name, transport.call("GET", path, null));
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void upsert(List<Point> points) {
    if (points.isEmpty()) {
      return; // as embedded: an empty batch writes nothing
    }
    for (Point p : points) {
      p.vectors().forEach((vectorName, v) -> {
        String label = config.vectors().size() == 1 && config.vectors().containsKey(vectorName) ? "vector"
            : "vector '" + vectorName + "'";
        requireFinite(v, label + " of point " + p.id());
      });
    }
    transport.call("PUT", path + "/points", ApiCodec.upsertRequestToJson(points, config));
  }

  @Override
  public List<Point> get(List<PointId> ids, boolean withPayload, boolean withVectors) {
    JsonNode r = transport.call("POST", path + "/points",
        ApiCodec.getPointsRequestToJson(new GetPointsRequest(ids, withPayload, withVectors)));
    return ApiCodec.pointsResultFromJson(r, "result");
  }

  @Override
  public long delete(List<PointId> ids) {
    return ApiCodec.deletedFromJson(transport.call("POST", path + "/points/delete",
        ApiCodec.deletePointsRequestToJson(DeletePointsRequest.ofIds(ids))));
  }

  @Override
  public long delete(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("delete by filter needs a filter; to delete everything,"
          + " delete the collection");
    }
    return ApiCodec.deletedFromJson(transport.call("POST", path + "/points/delete",
        ApiCodec.deletePointsRequestToJson(DeletePointsRequest.ofFilter(filter))));
  }

  @Override
  public void setPayload(List<PointId> ids, ObjectNode payload) {
    transport.call("POST", path + "/points/payload",
        ApiCodec.payloadRequestToJson(new PayloadRequest(requirePayload(payload), ids)));
  }

  @Override
  public void overwritePayload(List<PointId> ids, ObjectNode payload) {
    transport.call("PUT", path + "/points/payload",
        ApiCodec.payloadRequestToJson(new PayloadRequest(requirePayload(payload), ids)));
  }

  @Override
  public void deletePayloadKeys(List<PointId> ids, List<String> keys) {
    for (String key : keys) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("payload key must be a non-empty string, got '" + key + "'");
      }
    }
    transport.call("POST", path + "/points/payload/delete",
        ApiCodec.deletePayloadKeysRequestToJson(new DeletePayloadKeysRequest(keys, ids)));
  }

  @Override
  public void createPayloadIndex(String field, PayloadSchemaType type) {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("payload index field must be a non-empty key, got '" + field + "'");
    }
    if (type == null) {
      throw new IllegalArgumentException("payload index type is required");
    }
    transport.call("PUT", path + "/index", ApiCodec.createIndexRequestToJson(new CreateIndexRequest(field, type)));
  }

  @Override
  public void dropPayloadIndex(String field) {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("payload index field must be a non-empty key, got '" + field + "'");
    }
    transport.call("DELETE", path + "/index/" + Transport.segment(field), null);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public ScrollPage scroll(ScrollRequest request) {
    return ApiCodec.scrollPageFromJson(transport.call("POST", path + "/points/scroll",
        ApiCodec.scrollRequestToJson(request)));
  }

  @Override
  public long compact() {
    return ApiCodec.compactedFromJson(transport.call("POST", path + "/compact", null));
  }

  @Override
  public long count(Filter filter) {
    return ApiCodec.countFromJson(transport.call("POST", path + "/points/count", ApiCodec.countRequestToJson(filter)));
  }

  /**
   * A search by vector, by text ({@link SearchRequest#text()}) or by image or sound
   * ({@link SearchRequest#media()}, sent base64) for a vector bound to a model.
   */
  @Override
  public List<ScoredPoint> search(SearchRequest request) {
    if (request.vector() != null) {
      requireFinite(request.vector(), "query vector");
    }
    return ApiCodec.scoredPointsFromJson(transport.call("POST", path + "/points/search",
        ApiCodec.searchRequestToJson(request)));
  }

  @Override
  public List<ScoredPoint> searchHybrid(HybridSearchRequest request) {
    if (request.vector() != null) {
      requireFinite(request.vector(), "query vector");
    }
    return ApiCodec.scoredPointsFromJson(transport.call("POST", path + "/points/hybrid", HybridCodec.toJson(request)));
  }

  @Override
  public List<ScoredPoint> keywordSearch(HybridSearchRequest request) {
    return ApiCodec.scoredPointsFromJson(transport.call("POST", path + "/points/keyword", HybridCodec.toJson(request)));
  }

  // ---------------------------------------------------------------- checks JSON cannot carry

  /** NaN and infinities are not JSON; refuse them as the engine does, with its message. */
  private static void requireFinite(float[] v, String label) {
    if (v == null) {
      return;
    }
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(label + " has " + v[i] + " at position " + i
            + "; only finite numbers are allowed");
      }
    }
  }

  private static ObjectNode requirePayload(ObjectNode payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must be a JSON object, got null");
    }
    return payload;
  }

  @Override
  public String toString() {
    return "RemoteCollection[" + transport.base() + path + "]";
  }
}
