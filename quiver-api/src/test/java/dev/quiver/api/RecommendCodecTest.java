package dev.quiver.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.PointId;
import dev.quiver.engine.filter.InvalidFilterException;
import dev.quiver.engine.recommend.Example;
import dev.quiver.engine.recommend.QueryArithmetic;
import dev.quiver.engine.recommend.RecommendRequest;
import dev.quiver.engine.recommend.RecommendStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RecommendCodecTest {

  static final String U = "550e8400-e29b-41d4-a716-446655440000";

  @Test
  void recommendBodyReadsEveryExampleFormAndRoundTrips() {
    RecommendRequest r = RecommendCodec.recommendRequestFromJson(ApiCodec.readTree("{\"positive\": [1, \"" + U
        + "\", [0.5, 1], {\"text\": \"sad songs\"}, {\"id\": 18446744073709551615}], \"negative\": [{\"vector\": [1, 0]}],"
        + " \"strategy\": \"best_score\", \"using\": \"audio\", \"limit\": 5, \"exclude_examples\": false,"
        + " \"candidates\": 40, \"params\": {\"hnsw_ef\": 64}, \"with_vectors\": true,"
        + " \"filter\": {\"must\": [{\"key\": \"genre\", \"match\": {\"value\": \"jazz\"}}]}}"));
    assertEquals(new Example.Id(PointId.of(1)), r.positive().get(0));
    assertEquals(new Example.Id(PointId.of(UUID.fromString(U))), r.positive().get(1));
    assertArrayEquals(new float[] {0.5f, 1}, ((Example.Vector) r.positive().get(2)).vector());
    assertEquals(new Example.Text("sad songs"), r.positive().get(3));
    assertEquals(new Example.Id(PointId.of(-1L)), r.positive().get(4));
    assertEquals(new Example.Vector(new float[] {1, 0}), r.negative().get(0));
    assertEquals(RecommendStrategy.BEST_SCORE, r.strategy());
    assertEquals("audio", r.using());
    assertEquals(5, r.limit());
    assertFalse(r.excludeExamples());
    assertEquals(40, r.candidates());
    assertEquals(64, r.efSearch());
    assertTrue(r.withPayload());
    assertTrue(r.withVectors());
    RecommendRequest back = RecommendCodec.recommendRequestFromJson(RecommendCodec.recommendRequestToJson(r));
    assertEquals(r, back);

    RecommendRequest d = RecommendCodec.recommendRequestFromJson(ApiCodec.readTree("{\"positive\": [7]}"));
    assertEquals(RecommendStrategy.AVERAGE_VECTOR, d.strategy());
    assertEquals(10, d.limit());
    assertTrue(d.excludeExamples());
    assertNull(d.filter());
    assertFalse(d.withVectors());
  }

  @Test
  void recommendErrorsNameThePathAndValue() {
    Function<String, String> err = json -> assertThrows(IllegalArgumentException.class,
        () -> RecommendCodec.recommendRequestFromJson(ApiCodec.readTree(json))).getMessage();
    assertTrue(err.apply("{}").contains("at least one example"));
    assertTrue(err.apply("{\"negative\": [1]}").contains("average_vector needs at least one positive"));
    assertTrue(err.apply("{\"positive\": [1, \"sad songs\"]}").contains("positive[1]: \"sad songs\" is not a UUID"));
    assertTrue(err.apply("{\"positive\": [-3]}").contains("positive[0]: point id -3 is negative"));
    assertTrue(err.apply("{\"positive\": [1.5]}").contains("positive[0]"));
    assertTrue(err.apply("{\"positive\": [[1, true]]}").contains("positive[0][1]: expected a number, got true"));
    assertTrue(err.apply("{\"positive\": [{\"id\": 1, \"text\": \"x\"}]}").contains("exactly one of id, vector, text"));
    assertTrue(err.apply("{\"positive\": [{\"txt\": \"x\"}]}").contains("unknown field 'txt' in positive[0]"));
    assertTrue(err.apply("{\"positive\": [1], \"strategy\": \"median\"}").contains("strategy: 'median' is unknown"));
    assertTrue(err.apply("{\"positive\": [1], \"limit\": 0}").contains("limit: expected an integer in [1, 10000], got 0"));
    assertTrue(err.apply("{\"positive\": [1], \"candidates\": 0}").contains("candidates"));
    assertTrue(err.apply("{\"positive\": 1}").contains("positive: expected an array, got 1"));
    assertTrue(err.apply("{\"positive\": [1], \"lookup_from\": {}}").contains("unknown field 'lookup_from'"));
    assertThrows(InvalidFilterException.class, () -> RecommendCodec.recommendRequestFromJson(
        ApiCodec.readTree("{\"positive\": [1], \"filter\": []}")));
  }

  @Test
  void arithmeticBodyRoundTripsAndValidates() {
    QueryArithmetic q = RecommendCodec.arithmeticFromJson(ApiCodec.readTree("{\"terms\": [{\"id\": 5},"
        + " {\"text\": \"more energetic\", \"weight\": 0.5}, {\"vector\": [1, 2], \"weight\": -1}], \"limit\": 3,"
        + " \"exclude_inputs\": false}"));
    assertEquals(3, q.terms().size());
    assertEquals(new QueryArithmetic.Term(1, new Example.Id(PointId.of(5))), q.terms().get(0));
    assertEquals(new QueryArithmetic.Term(0.5, new Example.Text("more energetic")), q.terms().get(1));
    assertEquals(-1, q.terms().get(2).weight());
    assertEquals(3, q.limit());
    assertFalse(q.excludeInputs());
    assertEquals(q, RecommendCodec.arithmeticFromJson(RecommendCodec.arithmeticToJson(q)));

    Function<String, String> err = json -> assertThrows(IllegalArgumentException.class,
        () -> RecommendCodec.arithmeticFromJson(ApiCodec.readTree(json))).getMessage();
    assertTrue(err.apply("{}").contains("terms is required"));
    assertTrue(err.apply("{\"terms\": []}").contains("at least one term"));
    assertTrue(err.apply("{\"terms\": [{\"id\": 1, \"weight\": \"half\"}]}")
        .contains("terms[0].weight: expected a finite number, got \"half\""));
    assertTrue(err.apply("{\"terms\": [{\"weight\": 1}]}").contains("terms[0]: give exactly one of id, vector, text"));
    assertTrue(err.apply("{\"terms\": [{\"id\": 1, \"weight\": 0}]}").contains("every weight is 0"));
    assertTrue(err.apply("{\"terms\": [{\"text\": \" \"}]}").contains("terms[0].text"));
    assertTrue(err.apply("{\"terms\": [5]}").contains("terms[0]: expected a term"));
  }

  @Test
  void profileBodyRoundTripsAndValidates() {
    RecommendCodec.ProfileQuery q = RecommendCodec.profileQueryFromJson(ApiCodec.readTree("{\"interactions\": ["
        + "{\"id\": 1, \"time\": \"2026-05-01T12:00:00Z\"}, {\"id\": 2, \"weight\": -1, \"time\": \"2026-05-02\"}],"
        + " \"half_life\": \"P30D\", \"limit\": 4}"));
    assertEquals(2, q.profile().interactions().size());
    assertEquals(Instant.parse("2026-05-02T00:00:00Z"), q.profile().now());
    assertEquals(Duration.ofDays(30), q.profile().halfLife());
    assertEquals(-1, q.profile().interactions().get(1).weight());
    assertEquals(4, q.limit());
    assertEquals(q, RecommendCodec.profileQueryFromJson(RecommendCodec.profileQueryToJson(q)));

    Function<String, String> err = json -> assertThrows(IllegalArgumentException.class,
        () -> RecommendCodec.profileQueryFromJson(ApiCodec.readTree(json))).getMessage();
    assertTrue(err.apply("{\"interactions\": [{\"id\": 1}]}").contains("interactions[0].time is required"));
    assertTrue(err.apply("{\"interactions\": [{\"id\": 1, \"time\": \"yesterday\"}]}")
        .contains("interactions[0].time: expected an ISO-8601 time"));
    assertTrue(err.apply("{\"interactions\": [{\"id\": 1, \"weight\": -1, \"time\": \"2026-01-01\"}]}")
        .contains("positive weight"));
    assertTrue(err.apply("{\"interactions\": [{\"id\": 1, \"time\": \"2026-01-01\"}], \"half_life\": \"30 days\"}")
        .contains("half_life: '30 days' is not an ISO-8601 duration"));
    assertTrue(err.apply("{\"interactions\": [{\"id\": 1, \"time\": \"2026-01-01\"}], \"half_life\": \"-P1D\"}")
        .contains("positive duration"));
  }
}
