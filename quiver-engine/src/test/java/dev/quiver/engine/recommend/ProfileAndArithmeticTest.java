package dev.quiver.engine.recommend;

import static dev.quiver.engine.recommend.TrackCatalogue.id;
import static dev.quiver.engine.recommend.TrackCatalogue.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User profiles (time-decayed listening histories) and vector arithmetic on the generated catalogue. */
class ProfileAndArithmeticTest {

  @TempDir static Path dir;
  static Quiver db;
  static TrackCatalogue catalogue;
  static VectorCollection tracks;
  static final Recommender recommender = new Recommender(null);
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @BeforeAll
  static void load() throws Exception {
    db = Quiver.open(dir);
    catalogue = new TrackCatalogue(11);
    tracks = catalogue.load(db, "tracks", Metric.COSINE);
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  /** Eight sad plays half a year ago, three energetic plays this week. */
  static UserProfile.Builder history() {
    UserProfile.Builder b = UserProfile.builder();
    for (String genre : List.of("rock", "jazz", "folk", "classical")) {
      for (long id : ids(genre, "sad", 2)) {
        b.add(id, 1, NOW.minus(Duration.ofDays(180)));
      }
    }
    b.add(id("rock", "energetic"), 1, NOW.minus(Duration.ofDays(2)));
    b.add(id("electronic", "energetic"), 1, NOW.minus(Duration.ofDays(1)));
    b.add(id("hiphop", "energetic"), 1, NOW);
    return b;
  }

  @Test
  void decayPrefersRecentTastes() {
    UserProfile decayed = history().halfLife(Duration.ofDays(30)).build();
    UserProfile flat = history().build();
    assertEquals(NOW, flat.now(), "now defaults to the latest interaction");
    List<ScoredPoint> recent = recommender.recommendFor(tracks, decayed, 10, null);
    List<ScoredPoint> allTime = recommender.recommendFor(tracks, flat, 10, null);
    long energeticRecent = RecommenderTest.count(recent, "energetic");
    long sadAllTime = RecommenderTest.count(allTime, "sad");
    System.out.printf("profile: %d/10 energetic with a 30-day half-life; %d/10 sad without decay%n",
        energeticRecent, sadAllTime);
    assertTrue(energeticRecent >= 9, RecommenderTest.moods(recent).toString());
    assertTrue(sadAllTime >= 9, RecommenderTest.moods(allTime).toString());
    for (ScoredPoint h : allTime) {
      assertFalse(flat.seenIds().contains(h.id()), "already heard: " + h.id());
    }
    double w = decayed.decayedWeight(decayed.interactions().get(0));
    assertEquals(Math.pow(0.5, 6), w, 1e-9, "180 days = six half-lives");
  }

  @Test
  void skipsPushAwayAndFiltersApply() {
    UserProfile.Builder b = UserProfile.builder().halfLife(Duration.ofDays(30));
    for (long id : ids("rock", "happy", 2)) {
      b.add(id, 1, NOW);
    }
    for (long id : ids("rock", "sad", 2)) {
      b.add(id, 1, NOW);
    }
    UserProfile plays = b.build();
    for (long id : List.of(id("jazz", "sad"), id("folk", "sad"))) {
      b.add(id, -2, NOW);
    }
    UserProfile withSkips = b.build();
    long before = RecommenderTest.count(recommender.recommendFor(tracks, plays, 20, null), "sad");
    long after = RecommenderTest.count(recommender.recommendFor(tracks, withSkips, 20, null), "sad");
    System.out.printf("profile: %d/20 sad from rock plays, %d/20 after two sad skips%n", before, after);
    assertTrue(after < before && after <= 3, before + " -> " + after);
    Filter recent = Filter.parse("{\"must\": [{\"key\": \"year\", \"range\": {\"gte\": 2010}}]}");
    List<ScoredPoint> hits = recommender.recommendFor(tracks, withSkips, 10, recent);
    assertFalse(hits.isEmpty());
    assertTrue(hits.stream().allMatch(h -> h.payload().get("year").asInt() >= 2010));
    assertThrows(IllegalArgumentException.class, () -> UserProfile.builder().add(1, -1, NOW).build());
    assertThrows(IllegalArgumentException.class, () -> UserProfile.builder().halfLife(Duration.ZERO).add(1, 1, NOW)
        .build());
  }

  @Test
  void arithmeticMovesAlongMoodDirections() {
    long rockSad = id("rock", "sad");
    // this rock-sad track - a jazz-sad track + a jazz-energetic track = a rock-energetic track
    QueryArithmetic byIds = QueryArithmetic.of(List.of(
        QueryArithmetic.plus(Example.of(rockSad)),
        QueryArithmetic.minus(Example.of(id("jazz", "sad"))),
        QueryArithmetic.plus(Example.of(id("jazz", "energetic")))), 10);
    List<ScoredPoint> hits = recommender.search(tracks, byIds);
    assertEquals(10, hits.size());
    assertTrue(hits.stream().allMatch(h -> h.payload().get("genre").asText().equals("rock")
        && h.payload().get("mood").asText().equals("energetic")), RecommenderTest.moods(hits).toString());
    // the same with raw mood directions: this track - sad + energetic, only tracks from before 2000
    Filter old = Filter.parse("{\"must\": [{\"key\": \"year\", \"range\": {\"lt\": 2000}}]}");
    QueryArithmetic byVectors = QueryArithmetic.of(List.of(
        QueryArithmetic.plus(Example.of(rockSad)),
        QueryArithmetic.term(-0.7, Example.of(catalogue.moodDirections[1])),
        QueryArithmetic.term(0.7, Example.of(catalogue.moodDirections[2]))), 5).withFilter(old);
    List<ScoredPoint> moved = recommender.search(tracks, byVectors);
    assertEquals(5, moved.size());
    assertTrue(moved.stream().allMatch(h -> h.payload().get("genre").asText().equals("rock")
        && h.payload().get("mood").asText().equals("energetic") && h.payload().get("year").asInt() < 2000),
        RecommenderTest.moods(moved).toString());
    // one term of weight 1 is a plain "more like this"; the input itself is excluded unless asked
    List<ScoredPoint> self = recommender.search(tracks, QueryArithmetic.of(List.of(
        QueryArithmetic.plus(Example.of(rockSad))), 3));
    assertTrue(self.stream().noneMatch(h -> h.id().equals(PointId.of(rockSad))));
    List<ScoredPoint> withSelf = recommender.search(tracks, QueryArithmetic.of(List.of(
        QueryArithmetic.plus(Example.of(rockSad))), 3).withExcludeInputs(false));
    assertEquals(PointId.of(rockSad), withSelf.get(0).id());
    // cosine: the query is unit length, and a scaled term changes nothing
    float[] q = recommender.queryVector(tracks, QueryArithmetic.of(List.of(QueryArithmetic.term(3, Example.of(rockSad))), 1));
    assertArrayEquals(Metric.normalize(catalogue.vectors[(int) rockSad].clone()), q, 1e-5f);
  }

  @Test
  void arithmeticErrors() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> recommender.search(tracks,
        QueryArithmetic.of(List.of(QueryArithmetic.plus(Example.of(5)), QueryArithmetic.minus(Example.of(5))), 3)));
    assertTrue(zero.getMessage().contains("cancel out"), zero.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> recommender.search(tracks,
        QueryArithmetic.of(List.of(QueryArithmetic.plus(Example.of(5)), QueryArithmetic.minus(Example.of(777))), 3)));
    assertTrue(missing.getMessage().contains("777 (terms[1])"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> QueryArithmetic.of(List.of(), 3));
    assertThrows(IllegalArgumentException.class, () -> QueryArithmetic.of(List.of(QueryArithmetic.term(0,
        Example.of(1))), 3));
    assertThrows(IllegalArgumentException.class, () -> QueryArithmetic.term(Double.NaN, Example.of(1)));
  }
}
