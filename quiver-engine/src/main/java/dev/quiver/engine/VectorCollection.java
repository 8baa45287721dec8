package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.util.List;

/**
 * A collection of points: the one interface users program against, implemented in-process by the
 * embedded engine and over HTTP by the client, so switching between them is a one-line change.
 *
 * <p>Every write returns once it is durable according to the database's durability policy, and
 * is applied atomically: after a crash it is either entirely present or (if it was never
 * acknowledged) entirely absent.
 */
public interface VectorCollection {

  String name();

  CollectionConfig config();

  CollectionInfo info();

  /** Inserts or replaces points by id. Every vector the collection declares is required. */
  void upsert(List<Point> points);

  default void upsert(Point point) {
    upsert(List.of(point));
  }

  /** The points with these ids that exist, in the order asked. */
  List<Point> get(List<PointId> ids, boolean withPayload, boolean withVectors);

  /** Deletes points by id; returns how many existed. */
  long delete(List<PointId> ids);

  /** Deletes every point matching the filter; returns how many. */
  long delete(Filter filter);

  /** Merges these keys into the payloads of existing points (other keys are kept). */
  void setPayload(List<PointId> ids, ObjectNode payload);

  /** Replaces the payloads of existing points. */
  void overwritePayload(List<PointId> ids, ObjectNode payload);

  /** Removes keys (top-level names or dotted paths) from the payloads of existing points. */
  void deletePayloadKeys(List<PointId> ids, List<String> keys);

  ScrollPage scroll(ScrollRequest request);

  /** Number of points matching the filter (all points when null). */
  long count(Filter filter);

  List<ScoredPoint> search(SearchRequest request);

  /**
   * Vector search and BM25 keyword search over a {@code text}-indexed payload field, under the same
   * filter, merged by Reciprocal Rank Fusion or weighted score fusion (see
   * {@link dev.quiver.engine.text.HybridSearchRequest}). Scores are the fused scores.
   */
  default List<ScoredPoint> searchHybrid(dev.quiver.engine.text.HybridSearchRequest request) {
    throw new UnsupportedOperationException("hybrid search is not supported by " + getClass().getSimpleName()
        + " yet; use the embedded collection");
  }

  /** BM25 keyword search only: the request's text over its text field; scores are BM25. */
  default List<ScoredPoint> keywordSearch(dev.quiver.engine.text.HybridSearchRequest request) {
    throw new UnsupportedOperationException("keyword search is not supported by " + getClass().getSimpleName()
        + " yet; use the embedded collection");
  }

  /** Indexes a payload field so filters on it are planned from the index. */
  void createPayloadIndex(String field, PayloadSchemaType type);

  void dropPayloadIndex(String field);

  /**
   * Reclaims the space of replaced and deleted points now (collections also do it by themselves
   * when enough have piled up); results do not change. Returns the dead vectors reclaimed.
   */
  long compact();
}
