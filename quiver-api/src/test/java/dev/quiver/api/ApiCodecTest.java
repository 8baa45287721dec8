package dev.quiver.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.CollectionInfo;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.ScrollPage;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.filter.InvalidFilterException;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ApiCodecTest {

  private static final CollectionConfig SINGLE = CollectionConfig.single(VectorParams.of(3, Metric.COSINE));
  private static final CollectionConfig NAMED = CollectionConfig.named(Map.of(
      "text", VectorParams.of(2, Metric.DOT), "image", VectorParams.of(3, Metric.EUCLIDEAN)));

  private static JsonNode json(String s) {
    return ApiCodec.readTree(s.replace('\'', '"'));
  }

  private static String error(Function<JsonNode, ?> reader, String body) {
    return assertThrows(IllegalArgumentException.class, () -> reader.apply(json(body))).getMessage();
  }

  private static String idError(String body) {
    return assertThrows(IllegalArgumentException.class,
        () -> ApiCodec.idFromJson(json(body), "points[0].id")).getMessage();
  }

  @Test
  void vectorsToJsonNeverDropsAVectorName() {
    CollectionConfig single = CollectionConfig.single(VectorParams.of(2, Metric.COSINE));
    assertEquals("[1.0,2.0]", ApiCodec.vectorsToJson(Map.of("default", new float[] {1, 2}), single).toString());
    assertEquals("[1.0,2.0]", ApiCodec.vectorsToJson(Map.of("default", new float[] {1, 2}), null).toString());
    JsonNode extra = ApiCodec.vectorsToJson(Map.of("default", new float[] {1, 2}, "other", new float[] {3}), single);
    assertEquals(Map.of("default", 2, "other", 1), Map.of("default", extra.get("default").size(),
        "other", extra.get("other").size()));
    Point p = new Point(PointId.of(1), Map.of("default", new float[] {1, 2}, "other", new float[] {3}), null);
    assertEquals(2, ApiCodec.upsertRequestFromJson(ApiCodec.upsertRequestToJson(List.of(p), single))
        .get(0).vectors().size());
  }

  @Test
  void idsRoundTripIncludingUnsignedMaxAndUuid() {
    for (PointId id : List.of(PointId.of(0), PointId.of(42), PointId.of(-1L), PointId.of(Long.MIN_VALUE),
        PointId.of(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))) {
      assertEquals(id, ApiCodec.idFromJson(ApiCodec.idToJson(id), "id"));
    }
    assertEquals("18446744073709551615", ApiCodec.idToJson(PointId.of(-1L)).toString());
    assertEquals(PointId.of(-1L), ApiCodec.idFromJson(json("18446744073709551615"), "id"));
  }

  @Test
  void badIdsAreRejectedNamingTheValue() {
    assertTrue(idError("-1").contains("point id -1 is negative"));
    assertTrue(idError("18446744073709551616").contains("larger than the unsigned 64-bit maximum"));
    assertTrue(idError("1.5").contains("got 1.5"));
    assertTrue(idError("'abc'").contains("got \"abc\""));
    assertTrue(idError("true").contains("expected an unsigned 64-bit integer or a UUID string"));
    assertTrue(idError("null").contains("points[0].id"));
  }

  @Test
  void pointsRoundTripSingleAndNamed() {
    ObjectNode payload = (ObjectNode) json("{'city':'Paris','n':[1,2]}");
    Point p = Point.of(7, new float[] {0.5f, -1f, 3.25f}, payload);
    ObjectNode j = ApiCodec.pointToJson(p, SINGLE, true, true);
    assertEquals("{\"id\":7,\"vector\":[0.5,-1.0,3.25],\"payload\":{\"city\":\"Paris\",\"n\":[1,2]}}", j.toString());
    Point back = ApiCodec.pointFromJson(j, "point");
    assertEquals(p.id(), back.id());
    assertArrayEquals(p.vector(), back.vector());
    assertEquals(payload, back.payload());

    Point n = new Point(PointId.of(UUID.randomUUID()), Map.of("text", new float[] {1, 2}, "image", new float[] {3, 4, 5}), null);
    ObjectNode nj = ApiCodec.pointToJson(n, NAMED, false, true);
    assertTrue(nj.get("vector").isObject());
    assertFalse(nj.has("payload"));
    Point nb = ApiCodec.pointFromJson(nj, "p");
    assertArrayEquals(new float[] {3, 4, 5}, nb.vectors().get("image"));
    assertEquals(n.id(), nb.id());

    assertFalse(ApiCodec.pointToJson(p, SINGLE, false, false).has("vector"));
    // map form accepted for the default vector too
    assertArrayEquals(new float[] {1, 2, 3}, ApiCodec.pointFromJson(json("{'id':1,'vector':{'default':[1,2,3]}}"), "p").vector());
  }

  @Test
  void resultPointsIgnoreUnknownFields() {
    List<Point> ps = ApiCodec.pointsResultFromJson(json("[{'id':1,'vector':[1,2],'payload':{'a':1},'shard':3},{'id':2}]"), "result");
    assertEquals(2, ps.size());
    assertArrayEquals(new float[] {1, 2}, ps.get(0).vector());
    assertEquals(1, ps.get(0).payload().get("a").asInt());
    assertTrue(ps.get(1).vectors().isEmpty());
    assertEquals(PointId.of(9), ApiCodec.pointsResultFromJson(json("{'id':9}"), "result").get(0).id());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiCodec.pointsResultFromJson(json("[{'id':-1}]"), "result"))
        .getMessage().startsWith("result[0].id: point id -1 is negative"));
  }

  @Test
  void upsertBodyErrorsNameThePathAndValue() {
    Function<JsonNode, ?> up = ApiCodec::upsertRequestFromJson;
    assertEquals("unknown field 'pointz'; expected one of points", error(up, "{'pointz':[]}"));
    assertEquals("unknown field 'vectors' in points[0]; expected one of id, vector, payload, inputs",
        error(up, "{'points':[{'id':1,'vectors':[1]}]}"));
    assertTrue(error(up, "{'points':[{'id':1,'vector':[1,'x']}]}").startsWith("points[0].vector[1]: expected a number, got \"x\""));
    assertTrue(error(up, "{'points':[{'id':1,'vector':[1,1e39]}]}").contains("points[0].vector[1]: 1.0E39 is outside the 32-bit float range"));
    assertTrue(error(up, "{'points':[{'id':1,'vector':[1e400]}]}").contains("outside the 32-bit float range"));
    assertTrue(error(up, "{'points':[{'id':1,'vector':{'a':[1],'b':5}}]}").startsWith("points[0].vector.b: expected an array"));
    assertTrue(error(up, "{'points':[{'id':-3,'vector':[1]}]}").contains("points[0].id: point id -3 is negative"));
    assertTrue(error(up, "{'points':[{'vector':[1]}]}").contains("points[0].id is required"));
    assertTrue(error(up, "{'points':[{'id':1,'payload':[1]}]}").contains("points[0].payload: expected a JSON object, got [1]"));
    assertEquals(List.of(), ApiCodec.upsertRequestFromJson(json("{'points':[]}")));
    assertTrue(error(up, "[1,2]").contains("request body: expected an upsert body"));
    assertTrue(error(up, "{'points':{'id':1}}").contains("points: expected an array of points"));
  }

  @Test
  void malformedJsonIsAClearError() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiCodec.readTree("{\"a\": NaN}")).getMessage()
        .startsWith("request body is not valid JSON"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiCodec.readTree("{\"a\": 1")).getMessage()
        .contains("not valid JSON"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiCodec.readTree("{\"a\":1,\"a\":2}")).getMessage()
        .contains("Duplicate field 'a'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiCodec.readTree("{} x")).getMessage()
        .contains("not valid JSON"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiCodec.readTree("")).getMessage()
        .contains("empty"));
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApiCodec.readTree(deep)).getMessage()
        .contains("not valid JSON"));
  }

  @Test
  void searchRequestRoundTrips() {
    Filter f = Filter.parse(json("{'must':[{'key':'city','match':{'value':'Paris'}}]}"));
    SearchRequest s = SearchRequest.of(new float[] {1, 2, 3}, 5).withFilter(f).withEf(64).withExact(true)
        .withPayload(false).withVectors(true);
    SearchRequest b = ApiCodec.searchRequestFromJson(ApiCodec.searchRequestToJson(s));
    assertArrayEquals(s.vector(), b.vector());
    assertEquals(s.filter(), b.filter());
    assertEquals(List.of(5, 64, true, false, true, "default"),
        List.of(b.limit(), b.efSearch(), b.exact(), b.withPayload(), b.withVectors(), b.using()));

    SearchRequest named = SearchRequest.of(new float[] {1, 2}, 3).using("text");
    ObjectNode nj = ApiCodec.searchRequestToJson(named);
    assertEquals("text", nj.get("vector").get("name").asText());
    assertEquals("text", ApiCodec.searchRequestFromJson(nj).using());

    SearchRequest byText = SearchRequest.ofText("a cat", 4).using("body");
    SearchRequest tb = ApiCodec.searchRequestFromJson(ApiCodec.searchRequestToJson(byText));
    assertEquals(List.of("a cat", "body", 4), List.of(tb.text(), tb.using(), tb.limit()));

    SearchRequest dflt = ApiCodec.searchRequestFromJson(json("{'vector':[1,2],'with_vectors':true}"));
    assertEquals(10, dflt.limit());
    assertTrue(dflt.withPayload());
    assertTrue(dflt.withVectors());
  }

  @Test
  void searchRequestErrors() {
    Function<JsonNode, ?> s = ApiCodec::searchRequestFromJson;
    assertEquals("limit: expected an integer in [1, 10000], got 0", error(s, "{'vector':[1],'limit':0}"));
    assertEquals("limit: expected an integer in [1, 10000], got 10001", error(s, "{'vector':[1],'limit':10001}"));
    assertEquals("limit: expected an integer in [1, 10000], got 2.5", error(s, "{'vector':[1],'limit':2.5}"));
    assertEquals("limit: expected an integer in [1, 10000], got \"5\"", error(s, "{'vector':[1],'limit':'5'}"));
    assertTrue(error(s, "{'limit':3}").contains("needs \"vector\""));
    assertTrue(error(s, "{'vector':[1],'text':'x'}").contains("not both"));
    assertTrue(error(s, "{'vector':[1],'params':{'hnsw_ef':0}}").startsWith("params.hnsw_ef: expected an integer in [1, 100000]"));
    assertTrue(error(s, "{'vector':[1],'params':{'ef':3}}").startsWith("unknown field 'ef' in params"));
    assertTrue(error(s, "{'vector':[1],'with_payload':'yes'}").startsWith("with_payload: expected true or false"));
    assertTrue(error(s, "{'vector':{'name':'a','vector':[1]},'using':'b'}").contains("differs from using"));
    assertTrue(error(s, "{'vector':[1],'top':3}").contains("unknown field 'top'"));
    InvalidFilterException e = assertThrows(InvalidFilterException.class,
        () -> ApiCodec.searchRequestFromJson(json("{'vector':[1],'filter':{'must':[{'key':'a','match':{'nope':1}}]}}")));
    assertTrue(e.getMessage().contains("nope") || e.getMessage().contains("match"), e.getMessage());
    assertThrows(InvalidFilterException.class, () -> ApiCodec.searchRequestFromJson(json("{'vector':[1],'filter':[]}")));
  }

  @Test
  void scrollRequestAndPageRoundTrip() {
    ScrollRequest s = ScrollRequest.of(7).withOffset(PointId.of(UUID.randomUUID())).withVectors(true)
        .withFilter(Filter.parse(json("{'must':[{'key':'n','range':{'gte':1}}]}")));
    ScrollRequest b = ApiCodec.scrollRequestFromJson(ApiCodec.scrollRequestToJson(s));
    assertEquals(s, b);
    assertEquals(ScrollRequest.of(10), ApiCodec.scrollRequestFromJson(json("{}")));
    assertTrue(error(ApiCodec::scrollRequestFromJson, "{'offset':-1}").startsWith("offset: point id -1 is negative"));

    ScrollPage page = new ScrollPage(List.of(Point.of(1, new float[] {1, 2, 3}, null)), PointId.of(2));
    ScrollPage pb = ApiCodec.scrollPageFromJson(ApiCodec.scrollPageToJson(page, SINGLE, true, true));
    assertEquals(PointId.of(2), pb.nextOffset());
    assertArrayEquals(new float[] {1, 2, 3}, pb.points().get(0).vector());
    assertNull(ApiCodec.scrollPageFromJson(ApiCodec.scrollPageToJson(new ScrollPage(List.of(), null), SINGLE, true, false)).nextOffset());
  }

  @Test
  void scoredPointsRoundTrip() {
    ScoredPoint h = new ScoredPoint(PointId.of(3), 0.75f, (ObjectNode) json("{'a':1}"), Map.of("default", new float[] {1, 2, 3}));
    ScoredPoint b = ApiCodec.scoredPointsFromJson(ApiCodec.scoredPointsToJson(List.of(h), SINGLE)).get(0);
    assertEquals(h.id(), b.id());
    assertEquals(0.75f, b.score());
    assertEquals(h.payload(), b.payload());
    assertArrayEquals(new float[] {1, 2, 3}, b.vectors().get("default"));
    ScoredPoint bare = ApiCodec.scoredPointFromJson(ApiCodec.scoredPointToJson(new ScoredPoint(PointId.of(1), 1f, null, null), SINGLE), "r");
    assertNull(bare.payload());
    assertNull(bare.vectors());
  }

  @Test
  void otherBodiesRoundTrip() {
    List<PointId> ids = List.of(PointId.of(1), PointId.of(UUID.randomUUID()));
    assertEquals(new GetPointsRequest(ids, false, true),
        ApiCodec.getPointsRequestFromJson(ApiCodec.getPointsRequestToJson(new GetPointsRequest(ids, false, true))));
    assertEquals(DeletePointsRequest.ofIds(ids),
        ApiCodec.deletePointsRequestFromJson(ApiCodec.deletePointsRequestToJson(DeletePointsRequest.ofIds(ids))));
    Filter f = Filter.parse(json("{'must':[{'key':'a','match':{'value':1}}]}"));
    assertEquals(f, ApiCodec.deletePointsRequestFromJson(ApiCodec.deletePointsRequestToJson(DeletePointsRequest.ofFilter(f))).filter());
    assertTrue(error(ApiCodec::deletePointsRequestFromJson, "{}").contains("exactly one"));
    PayloadRequest p = new PayloadRequest((ObjectNode) json("{'x':1}"), ids);
    assertEquals(p, ApiCodec.payloadRequestFromJson(ApiCodec.payloadRequestToJson(p)));
    DeletePayloadKeysRequest d = new DeletePayloadKeysRequest(List.of("a", "b.c"), ids);
    assertEquals(d, ApiCodec.deletePayloadKeysRequestFromJson(ApiCodec.deletePayloadKeysRequestToJson(d)));
    CreateIndexRequest c = new CreateIndexRequest("city", PayloadSchemaType.KEYWORD);
    assertEquals(c, ApiCodec.createIndexRequestFromJson(ApiCodec.createIndexRequestToJson(c)));
    assertEquals(c, ApiCodec.createIndexRequestFromJson(json("{'field_name':'city','field_schema':{'type':'Keyword'}}")));
    assertTrue(error(ApiCodec::createIndexRequestFromJson, "{'field_name':'c','field_schema':'geo'}")
        .startsWith("field_schema: unknown payload index type 'geo'"));
    assertEquals(f, ApiCodec.countRequestFromJson(ApiCodec.countRequestToJson(f)));
    assertNull(ApiCodec.countRequestFromJson(json("{}")));
    assertEquals(12, ApiCodec.countFromJson(ApiCodec.countToJson(12)));
    assertEquals(4, ApiCodec.deletedFromJson(ApiCodec.deletedToJson(4)));
    assertEquals(List.of("a", "b"), ApiCodec.collectionNamesFromJson(ApiCodec.collectionsToJson(List.of("a", "b"))));
    assertTrue(ApiCodec.existsFromJson(ApiCodec.existsToJson(true)));
    SnapshotDescription s = new SnapshotDescription("a.snapshot", 10);
    assertEquals(List.of(s), ApiCodec.snapshotsFromJson(ApiCodec.snapshotsToJson(List.of(s))));
  }

  @Test
  void collectionInfoRoundTrips() {
    CollectionInfo info = new CollectionInfo("docs", NAMED, 10, 2, Map.of("city", PayloadSchemaType.KEYWORD),
        100, 2000, 17, "green");
    ObjectNode j = ApiCodec.collectionInfoToJson(info);
    assertEquals("keyword", j.get("payload_schema").get("city").get("data_type").asText());
    assertEquals(info, ApiCodec.collectionInfoFromJson("docs", j));
  }

  @Test
  void envelopes() {
    ObjectNode ok = ApiEnvelope.ok(ApiCodec.countToJson(3), 0.5);
    assertEquals("ok", ok.get("status").asText());
    assertEquals(3, ApiCodec.countFromJson(ApiEnvelope.result(ok, 200)));
    ObjectNode err = new ApiError(ApiErrorCode.NOT_FOUND, "collection 'x' does not exist").toJson(0.1);
    assertEquals("not_found", err.get("status").get("code").asText());
    ApiException e = assertThrows(ApiException.class, () -> ApiEnvelope.result(err, 404));
    assertEquals(ApiErrorCode.NOT_FOUND, e.code());
    assertEquals("collection 'x' does not exist", e.getMessage());
    assertEquals(413, ApiErrorCode.PAYLOAD_TOO_LARGE.httpStatus());
    assertEquals(ApiErrorCode.UNSUPPORTED_MEDIA_TYPE, ApiErrorCode.fromCode("unsupported_media_type"));
    assertEquals(ApiErrorCode.METHOD_NOT_ALLOWED, ApiErrorCode.forStatus(405));
    assertThrows(IllegalArgumentException.class, () -> ApiErrorCode.fromCode("nope"));
  }

  @Test
  void errorsBecomeTheExceptionsAnEmbeddedCallerSees() {
    RuntimeException e = new ApiError(ApiErrorCode.NOT_FOUND,
        new dev.quiver.engine.NoSuchCollectionException("x", new java.util.LinkedHashSet<>(List.of("a", "b"))).getMessage())
        .toException();
    assertTrue(e instanceof dev.quiver.engine.NoSuchCollectionException, e::toString);
    assertEquals("collection 'x' does not exist; existing collections: a, b", e.getMessage());
    assertEquals("x", ((dev.quiver.engine.NoSuchCollectionException) e).collection());
    assertTrue(new ApiError(ApiErrorCode.NOT_FOUND, "collection 'y' does not exist; existing collections: none")
        .toException() instanceof dev.quiver.engine.NoSuchCollectionException);
    assertTrue(new ApiError(ApiErrorCode.NOT_FOUND, "no route GET /x").toException() instanceof ApiException);
    RuntimeException exists = new ApiError(ApiErrorCode.ALREADY_EXISTS,
        new dev.quiver.engine.CollectionExistsException("d").getMessage()).toException();
    assertTrue(exists instanceof dev.quiver.engine.CollectionExistsException);
    assertEquals(new dev.quiver.engine.CollectionExistsException("d").getMessage(), exists.getMessage());
    assertTrue(new ApiError(ApiErrorCode.INVALID_FILTER, "f").toException() instanceof InvalidFilterException);
    assertEquals(IllegalArgumentException.class, new ApiError(ApiErrorCode.BAD_REQUEST, "b").toException().getClass());
    assertEquals(IllegalArgumentException.class, new ApiError(ApiErrorCode.PAYLOAD_TOO_LARGE, "b").toException().getClass());
    assertTrue(new ApiError(ApiErrorCode.MODEL_MISMATCH, "m").toException() instanceof dev.quiver.engine.ModelMismatchException);
    assertTrue(new ApiError(ApiErrorCode.FORBIDDEN, "f").toException() instanceof SecurityException);
    assertTrue(new ApiError(ApiErrorCode.UNAUTHORIZED, "u").toException() instanceof SecurityException);
    assertTrue(new ApiError(ApiErrorCode.INTERNAL, "disk").toException() instanceof java.io.UncheckedIOException);
    ApiException unavailable = (ApiException) new ApiError(ApiErrorCode.UNAVAILABLE, "bye").toException();
    assertEquals(503, unavailable.httpStatus());
  }
}
