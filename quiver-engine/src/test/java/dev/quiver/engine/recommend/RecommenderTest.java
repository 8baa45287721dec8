package dev.quiver.engine.recommend;

import static dev.quiver.engine.recommend.TrackCatalogue.id;
import static dev.quiver.engine.recommend.TrackCatalogue.ids;
import static dev.quiver.engine.recommend.TrackCatalogue.moodOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.filter.Filter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recommendations on a generated catalogue of 600 tracks with known genre and mood structure. */
class RecommenderTest {

  @TempDir static Path dir;
  static Quiver db;
  static TrackCatalogue catalogue;
  static VectorCollection tracks;
  static VectorCollection euclidean;
  static final Recommender recommender = new Recommender(null);

  @BeforeAll
  static void load() throws Exception {
    db = Quiver.open(dir);
    catalogue = new TrackCatalogue(7);
    tracks = catalogue.load(db, "tracks", Metric.COSINE);
    euclidean = catalogue.load(db, "tracks_l2", Metric.EUCLIDEAN);
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  static long count(List<ScoredPoint> hits, String mood) {
    return hits.stream().filter(h -> h.payload().get("mood").asText().equals(mood)).count();
  }

  static List<Example> examples(List<Long> ids) {
    return ids.stream().map(Example::of).toList();
  }

  @Test
  void positivesOfOneMoodBringThatMoodWithBothStrategies() {
    List<Example> sad = examples(List.of(id("rock", "sad"), id("jazz", "sad"), id("folk", "sad")));
    for (RecommendStrategy s : RecommendStrategy.values()) {
      List<ScoredPoint> hits = recommender.recommend(tracks, RecommendRequest.of(sad, List.of(), 10).withStrategy(s));
      assertEquals(10, hits.size());
      assertTrue(count(hits, "sad") >= 9, s + ": " + moods(hits));
      for (int i = 1; i < hits.size(); i++) {
        assertTrue(hits.get(i - 1).score() >= hits.get(i).score(), s + " orders best first");
      }
    }
  }

  @Test
  void negativesOfAMoodPushItAway() {
    // A positive halfway between rock-sad and rock-calm brings both; a rock-sad negative should
    // push the sad ones out (best_score: they are closer to the negative than to the positive).
    float[] between = new float[TrackCatalogue.DIM];
    float[] rockSad = catalogue.centre("rock", "sad");
    float[] rockCalm = catalogue.centre("rock", "calm");
    for (int d = 0; d < between.length; d++) {
      between[d] = rockSad[d] + rockCalm[d];
    }
    List<Example> pos = List.of(Example.of(between));
    List<Example> neg = examples(List.of(id("rock", "sad")));
    for (RecommendStrategy s : RecommendStrategy.values()) {
      List<ScoredPoint> without = recommender.recommend(tracks, RecommendRequest.of(pos, List.of(), 20).withStrategy(s));
      List<ScoredPoint> with = recommender.recommend(tracks, RecommendRequest.of(pos, neg, 20).withStrategy(s));
      long before = count(without, "sad");
      long after = count(with, "sad");
      System.out.printf("%s: %d of 20 sad without the rock-sad negative, %d with it%n", s, before, after);
      assertTrue(before >= 5, s + " brings sad tracks without negatives: " + moods(without));
      assertTrue(after < before, s + ": " + before + " sad without the negative, " + after + " with it");
      assertTrue(after <= 2, s + ": " + moods(with));
    }
    // best_score: anything closer to the negative than to every positive scores below zero
    List<ScoredPoint> all = recommender.recommend(tracks, RecommendRequest.of(pos, neg, 60)
        .withStrategy(RecommendStrategy.BEST_SCORE));
    for (ScoredPoint h : all) {
      assertEquals(moodOf(((PointId.Num) h.id()).value()).equals("sad"), h.score() < 0, h.toString());
    }
  }

  @Test
  void negativesOnlyWithBestScoreRankFarthestFirst() {
    List<Example> neg = examples(ids("rock", "sad", 3));
    List<ScoredPoint> hits = recommender.recommend(tracks, new RecommendRequest(List.of(), neg, null,
        RecommendStrategy.BEST_SCORE, 10, null, true, null, null, true, false));
    assertEquals(10, hits.size());
    assertEquals(0, count(hits, "sad"));
    assertTrue(hits.stream().noneMatch(h -> h.payload().get("genre").asText().equals("rock")));
    assertTrue(hits.stream().allMatch(h -> h.score() < 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecommendRequest.of(List.of(), neg, 10));
    assertTrue(e.getMessage().contains("average_vector needs at least one positive"), e.getMessage());
  }

  @Test
  void filtersAreRespected() {
    List<Example> sad = examples(List.of(id("rock", "sad"), id("jazz", "sad")));
    Filter f = Filter.parse("{\"must\": [{\"key\": \"genre\", \"match\": {\"value\": \"jazz\"}},"
        + " {\"key\": \"year\", \"range\": {\"gte\": 2000}}]}");
    for (RecommendStrategy s : RecommendStrategy.values()) {
      List<ScoredPoint> hits = recommender.recommend(tracks, RecommendRequest.of(sad, List.of(), 10)
          .withStrategy(s).withFilter(f));
      assertFalse(hits.isEmpty());
      for (ScoredPoint h : hits) {
        assertEquals("jazz", h.payload().get("genre").asText(), s + ": " + h);
        assertTrue(h.payload().get("year").asInt() >= 2000, s + ": " + h);
      }
      assertEquals("sad", hits.get(0).payload().get("mood").asText(), s + ": " + hits.get(0));
    }
  }

  @Test
  void examplesAreExcludedUnlessAsked() {
    List<Long> sad = ids("rock", "sad", 5);
    for (RecommendStrategy s : RecommendStrategy.values()) {
      List<ScoredPoint> hits = recommender.recommend(tracks, RecommendRequest.of(examples(sad), List.of(), 30)
          .withStrategy(s));
      assertEquals(30, hits.size());
      Set<Long> got = new HashSet<>();
      hits.forEach(h -> got.add(((PointId.Num) h.id()).value()));
      assertEquals(30, got.size(), "no duplicates");
      sad.forEach(id -> assertFalse(got.contains(id), s + " leaves out example " + id));
    }
    long self = id("jazz", "calm");
    List<ScoredPoint> mlt = recommender.recommend(tracks, RecommendRequest.moreLikeThis(PointId.of(self), 5));
    assertTrue(mlt.stream().noneMatch(h -> h.id().equals(PointId.of(self))));
    assertTrue(mlt.stream().allMatch(h -> h.payload().get("genre").asText().equals("jazz")
        && h.payload().get("mood").asText().equals("calm")), mlt.toString());
    List<ScoredPoint> withSelf = recommender.recommend(tracks, RecommendRequest.moreLikeThis(PointId.of(self), 5)
        .withExcludeExamples(false).withVectors(true));
    assertEquals(PointId.of(self), withSelf.get(0).id());
    assertEquals(1f, withSelf.get(0).score(), 1e-4);
    assertTrue(withSelf.get(0).vectors().containsKey("default"));
  }

  @Test
  void euclideanScoresAreDistancesAndBestScoreWorksToo() {
    long self = id("electronic", "happy");
    List<ScoredPoint> mlt = recommender.recommend(euclidean, RecommendRequest.moreLikeThis(PointId.of(self), 10));
    assertEquals(10, mlt.size());
    for (int i = 1; i < mlt.size(); i++) {
      assertTrue(mlt.get(i - 1).score() <= mlt.get(i).score(), "distances ascend: " + mlt);
    }
    assertTrue(mlt.get(0).score() > 0);
    assertEquals(10, count(mlt, "happy"));
    List<ScoredPoint> best = recommender.recommend(euclidean, RecommendRequest.moreLikeThis(PointId.of(self), 10)
        .withStrategy(RecommendStrategy.BEST_SCORE));
    assertEquals(10, count(best, "happy"));
    assertTrue(best.stream().allMatch(h -> h.score() > 0 && h.score() < 0.5), "sigmoid of minus a distance");
  }

  @Test
  void errorsNameWhatIsWrong() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> recommender.recommend(
        tracks, RecommendRequest.of(Example.ids(3, 9001), Example.ids(9002), 10)));
    assertTrue(missing.getMessage().contains("9001 (positive[1]), 9002 (negative[0])"), missing.getMessage());
    assertTrue(missing.getMessage().contains("'tracks'"), missing.getMessage());
    IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> recommender.recommend(
        tracks, RecommendRequest.of(List.of(Example.of(new float[] {1, 2, 3})), List.of(), 10)));
    assertTrue(dim.getMessage().contains("positive[0]: vector has dimension 3") && dim.getMessage().contains("32"),
        dim.getMessage());
    IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> recommender.recommend(
        tracks, RecommendRequest.of(List.of(Example.text("sad songs")), List.of(), 10)));
    assertTrue(text.getMessage().contains("not") && text.getMessage().contains("embedding model"), text.getMessage());
    IllegalArgumentException using = assertThrows(IllegalArgumentException.class, () -> recommender.recommend(
        tracks, RecommendRequest.of(Example.ids(3), List.of(), 10).using("audio")));
    assertTrue(using.getMessage().contains("no vector 'audio'"), using.getMessage());
    float[] huge = new float[TrackCatalogue.DIM];
    java.util.Arrays.fill(huge, 3e38f);
    IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class, () -> recommender.recommend(
        euclidean, RecommendRequest.of(List.of(Example.of(huge)), List.of(Example.of(new float[TrackCatalogue.DIM])), 5)));
    assertTrue(overflow.getMessage().contains("too large for 32-bit floats"), overflow.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RecommendRequest.of(List.of(), List.of(), 10));
    assertThrows(IllegalArgumentException.class, () -> RecommendRequest.of(Example.ids(1), List.of(), 0));
    assertEquals(RecommendStrategy.BEST_SCORE, RecommendStrategy.parse("best-score"));
    assertThrows(IllegalArgumentException.class, () -> RecommendStrategy.parse("median"));
  }

  static List<String> moods(List<ScoredPoint> hits) {
    List<String> out = new ArrayList<>();
    hits.forEach(h -> out.add(h.id() + ":" + h.payload().get("genre").asText() + "/" + h.payload().get("mood").asText()));
    return out;
  }
}
