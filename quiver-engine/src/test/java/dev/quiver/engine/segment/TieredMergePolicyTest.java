package dev.quiver.engine.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TieredMergePolicyTest {

  private static final TieredMergePolicy DEFAULTS = TieredMergePolicy.defaults();

  /**
   * A collection's segments under a policy. Merges either finish at once ({@link #settle}) or
   * after a number of seals ({@link #sealWithSlowMerges}); every proposal is checked: disjoint,
   * never naming a segment being merged, never an unknown segment.
   */
  private static final class Simulation {
    final TieredMergePolicy policy;
    final Map<Integer, SegmentStats> segments = new HashMap<>();
    final Map<List<Integer>, Integer> running = new HashMap<>(); // merge -> seals left until done
    final List<OneMerge> proposed = new ArrayList<>();
    int nextNumber;
    long ingested;
    long mergeWritten;
    int maxSegmentsSeen;

    Simulation(TieredMergePolicy policy) {
      this.policy = policy;
    }

    void seal(int points, int deleted) {
      segments.put(nextNumber, new SegmentStats(nextNumber, points, deleted, points * 1_024L));
      nextNumber++;
      ingested += points;
    }

    /** Seals a segment, then merges until the policy proposes nothing (merges are instant). */
    void sealAndSettle(int points) {
      seal(points, 0);
      settle();
    }

    void settle() {
      for (int round = 0; ; round++) {
        if (round > 1_000) {
          fail("the policy keeps proposing merges: " + propose());
        }
        List<OneMerge> merges = propose();
        if (merges.isEmpty()) {
          break;
        }
        merges.forEach(this::apply);
      }
      maxSegmentsSeen = Math.max(maxSegmentsSeen, segments.size());
    }

    /** Seals a segment, finishes the merges that are due, and starts the new proposals. */
    void sealWithSlowMerges(int points, Random random) {
      seal(points, 0);
      for (var it = running.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (e.getValue() <= 1) {
          it.remove();
          apply(new OneMerge(OneMerge.Kind.TIERED, e.getKey(), 0));
        } else {
          e.setValue(e.getValue() - 1);
        }
      }
      for (OneMerge m : propose()) {
        running.put(m.segments(), 1 + random.nextInt(5));
      }
      maxSegmentsSeen = Math.max(maxSegmentsSeen, segments.size());
    }

    Set<Integer> merging() {
      Set<Integer> merging = new HashSet<>();
      running.keySet().forEach(merging::addAll);
      return merging;
    }

    List<OneMerge> propose() {
      Set<Integer> merging = merging();
      List<SegmentStats> stats = new ArrayList<>(segments.values());
      List<OneMerge> merges = policy.findMerges(stats, merging);
      Set<Integer> seen = new HashSet<>();
      for (OneMerge m : merges) {
        for (int n : m.segments()) {
          assertTrue(segments.containsKey(n), "merge " + m + " names unknown segment " + n);
          assertFalse(merging.contains(n), "merge " + m + " names segment " + n + ", which is being merged");
          assertTrue(seen.add(n), "segment " + n + " is in two merges: " + merges);
        }
        if (m.kind() == OneMerge.Kind.TIERED) {
          assertTrue(m.segments().size() >= 2 && m.segments().size() <= policy.maxMergeAtOnce(), m.toString());
          assertTrue(m.livePoints() <= policy.maxMergedPoints(), "tiered merge " + m + " exceeds maxMergedPoints");
        }
      }
      proposed.addAll(merges);
      return merges;
    }

    void apply(OneMerge m) {
      long live = 0;
      for (int n : m.segments()) {
        live += segments.remove(n).live();
      }
      mergeWritten += live;
      if (live > 0) {
        seal((int) live, 0);
        ingested -= live; // a merged segment is not new data
      }
    }

    double writeAmplification() {
      return (double) mergeWritten / ingested;
    }
  }

  private static double log(double base, double x) {
    return Math.log(x) / Math.log(base);
  }

  // --- simulations ---

  @Test
  void tenMillionPointsInTwentyThousandPointSealsStayFewSegmentsWithLogarithmicRewrites() {
    Simulation sim = new Simulation(DEFAULTS);
    for (int i = 0; i < 500; i++) {
      sim.sealAndSettle(20_000);
    }
    long total = sim.ingested;
    assertEquals(10_000_000, total);
    // Tiers from floorPoints up by maxMergeAtOnce: ceil(log10(10M / 10k)) = 3, each with up to
    // segmentsPerTier segments plus the partial top tier, plus the segments too large to tier
    // (more than maxMergedPoints / 2 live points each).
    int tiers = (int) Math.ceil(log(DEFAULTS.maxMergeAtOnce(), (double) total / DEFAULTS.floorPoints()));
    int full = (int) (total / (DEFAULTS.maxMergedPoints() / 2));
    int bound = DEFAULTS.segmentsPerTier() * (tiers + 1) + full;
    assertTrue(sim.maxSegmentsSeen <= bound, "up to " + sim.maxSegmentsSeen + " segments, bound " + bound);
    // Each point is rewritten about once per tier it climbs, from the seal size to maxMergedPoints:
    // at most ceil(log10(5M / 20k)) = 3 times on average.
    double waBound = Math.ceil(log(DEFAULTS.maxMergeAtOnce(), DEFAULTS.maxMergedPoints() / 20_000.0));
    assertTrue(sim.writeAmplification() <= waBound,
        "write amplification " + sim.writeAmplification() + ", bound " + waBound);
    System.out.printf("10M points in 20k seals: at most %d segments (bound %d), %d at the end, write amplification"
        + " %.2f (bound %.0f)%n", sim.maxSegmentsSeen, bound, sim.segments.size(), sim.writeAmplification(),
        waBound);
  }

  @Test
  void writeAmplificationGrowsLogarithmicallyWithTheCollection() {
    // Below maxMergedPoints, a point is rewritten at most log10(seals) times on average, so 10× the
    // data costs at most one more rewrite per point; merging everything into one segment at each
    // seal would instead grow with the number of seals (about seals / 2).
    TieredMergePolicy policy = TieredMergePolicy.builder().maxMergedPoints(50_000_000).build();
    double previous = 0;
    for (int seals : new int[] {50, 500, 5_000}) {
      Simulation sim = new Simulation(policy);
      for (int i = 0; i < seals; i++) {
        sim.sealAndSettle(20_000);
      }
      double wa = sim.writeAmplification();
      double bound = log(policy.maxMergeAtOnce(), seals);
      assertTrue(wa <= bound, seals + " seals: write amplification " + wa + ", bound " + bound);
      assertTrue(wa <= previous + 1.0, seals + " seals: write amplification " + wa + " after " + previous);
      System.out.printf("%d seals of 20k: write amplification %.2f (bound %.2f), %d segments at most%n", seals, wa,
          bound, sim.maxSegmentsSeen);
      previous = wa;
    }
  }

  @Test
  void mergesThatTakeTimeAreNeverProposedTwiceOrOverlapping() {
    Simulation sim = new Simulation(DEFAULTS);
    Random random = new Random(18);
    for (int i = 0; i < 2_000; i++) {
      sim.sealWithSlowMerges(1_000 + random.nextInt(40_000), random); // propose() checks every proposal
    }
    assertFalse(sim.proposed.isEmpty());
    long total = sim.ingested;
    int tiers = (int) Math.ceil(log(DEFAULTS.maxMergeAtOnce(), (double) total / DEFAULTS.floorPoints()));
    int full = (int) (total / (DEFAULTS.maxMergedPoints() / 2));
    // In-flight merges hold up to 5 seals' worth of inputs, so allow that much slack.
    int bound = DEFAULTS.segmentsPerTier() * (tiers + 1) + full + 5 * DEFAULTS.maxMergeAtOnce();
    assertTrue(sim.maxSegmentsSeen <= bound, "up to " + sim.maxSegmentsSeen + " segments, bound " + bound);
  }

  @Test
  void maxMergedPointsIsRespectedAndLargeSegmentsAreLeftAlone() {
    TieredMergePolicy policy = TieredMergePolicy.builder().maxMergedPoints(1_000_000).build();
    Simulation sim = new Simulation(policy);
    for (int i = 0; i < 500; i++) {
      sim.sealAndSettle(20_000); // propose() checks that no tiered merge exceeds 1M
    }
    int large = 0;
    for (SegmentStats s : sim.segments.values()) {
      assertTrue(s.live() <= 1_000_000, "segment of " + s.live() + " points");
      large += s.live() > 500_000 ? 1 : 0;
    }
    assertTrue(large >= 5, "expected the collection to be mostly large segments, got " + sim.segments.values());
    assertTrue(sim.proposed.stream().anyMatch(m -> m.livePoints() > 900_000),
        "expected merges close to the limit, got " + sim.proposed);
    // Segments over half the limit are not offered to tiered merges (they would only be rewritten).
    List<SegmentStats> stats = new ArrayList<>(sim.segments.values());
    for (SegmentStats s : stats) {
      if (s.live() > 500_000) {
        for (OneMerge m : policy.findMerges(stats, Set.of())) {
          assertFalse(m.segments().contains(s.number()), "large segment " + s + " in " + m);
        }
      }
    }
  }

  @Test
  void theSegmentCountStaysUnderMaxSegments() {
    TieredMergePolicy policy = TieredMergePolicy.builder().segmentsPerTier(50).maxSegments(12).build();
    Simulation sim = new Simulation(policy);
    for (int i = 0; i < 300; i++) {
      sim.sealAndSettle(5_000 + 100 * (i % 7));
      assertTrue(sim.segments.size() <= 12, "seal " + i + ": " + sim.segments.size() + " segments");
    }
    assertTrue(sim.proposed.stream().anyMatch(m -> m.kind() == OneMerge.Kind.SEGMENT_LIMIT));
  }

  // --- single decisions ---

  @Test
  void theSegmentBoundMergesTheSmallest() {
    TieredMergePolicy policy = TieredMergePolicy.builder().segmentsPerTier(100).maxSegments(20).build();
    List<SegmentStats> stats = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      stats.add(segment(i, 100_000 - 1_000 * i, 0)); // segment 29 is the smallest
    }
    List<OneMerge> merges = policy.findMerges(stats, Set.of());
    // 30 → 20 needs 11 segments merged away: one merge of 10 (→ 21), then one of 2 (→ 20).
    assertEquals(List.of(List.of(20, 21, 22, 23, 24, 25, 26, 27, 28, 29), List.of(18, 19)),
        merges.stream().map(OneMerge::segments).toList());
    merges.forEach(m -> assertEquals(OneMerge.Kind.SEGMENT_LIMIT, m.kind()));
    // Segments being merged are skipped; the next smallest are taken instead.
    merges = policy.findMerges(stats, Set.of(29, 28));
    assertEquals(List.of(18, 19, 20, 21, 22, 23, 24, 25, 26, 27), merges.get(0).segments());
  }

  @Test
  void theSegmentBoundWinsOverMaxMergedPoints() {
    TieredMergePolicy policy = TieredMergePolicy.builder().maxMergedPoints(1_000_000).maxSegments(3).build();
    List<SegmentStats> stats = List.of(segment(0, 900_000, 0), segment(1, 900_000, 0), segment(2, 900_000, 0),
        segment(3, 800_000, 0));
    assertEquals(List.of(new OneMerge(OneMerge.Kind.SEGMENT_LIMIT, List.of(2, 3), 1_700_000)),
        policy.findMerges(stats, Set.of()));
  }

  @Test
  void aHeavilyDeletedSegmentIsVacuumedAlone() {
    List<SegmentStats> stats = List.of(segment(0, 3_000_000, 900_000), // 30%: vacuum
        segment(1, 3_000_000, 600_000), // exactly 20%: not more than allowed
        segment(2, 1_000_000, 100_000), segment(3, 50_000, 40_000)); // 80%: vacuum
    List<OneMerge> expected = List.of(new OneMerge(OneMerge.Kind.VACUUM, List.of(0), 2_100_000),
        new OneMerge(OneMerge.Kind.VACUUM, List.of(3), 10_000));
    assertEquals(expected, DEFAULTS.findMerges(stats, Set.of()));
    assertEquals(expected, DEFAULTS.findVacuum(stats, Set.of()));
    assertEquals(List.of(expected.get(1)), DEFAULTS.findVacuum(stats, Set.of(0)));
    TieredMergePolicy lenient = TieredMergePolicy.builder().deletesPctAllowed(50).build();
    assertEquals(List.of(expected.get(1)), lenient.findMerges(stats, Set.of()));
  }

  @Test
  void deletionsPullSegmentsIntoTheTieredMerge() {
    // Four segments of 100k live points; a floor of 1M makes each count as 1M, so 4 > 3 allowed and
    // one merge of two is due. Sizes tie, so only the live ratio can prefer segments 2 and 3.
    TieredMergePolicy policy = TieredMergePolicy.builder().segmentsPerTier(2).maxMergeAtOnce(2)
        .floorPoints(1_000_000).build();
    List<SegmentStats> stats = List.of(segment(0, 100_000, 0), segment(1, 100_000, 0), segment(2, 115_000, 15_000),
        segment(3, 115_000, 15_000));
    assertEquals(3, policy.allowedSegmentCount(4_000_000));
    assertEquals(List.of(new OneMerge(OneMerge.Kind.TIERED, List.of(2, 3), 200_000)), policy.findMerges(stats,
        Set.of()));
  }

  @Test
  void similarSizesAreMergedTogether() {
    // Nine segments of ~1M and 26 of ~20k (defaults): too many; the merges take the small ones,
    // not a big one with small ones (skew), and only ten of them (maxMergeAtOnce).
    List<SegmentStats> stats = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      stats.add(segment(i, 1_000_000 + i, 0));
    }
    for (int i = 9; i < 35; i++) {
      stats.add(segment(i, 20_000 + i, 0));
    }
    List<OneMerge> merges = DEFAULTS.findMerges(stats, Set.of());
    assertFalse(merges.isEmpty());
    for (OneMerge m : merges) {
      assertEquals(OneMerge.Kind.TIERED, m.kind());
      assertEquals(10, m.segments().size());
      assertTrue(m.segments().stream().allMatch(n -> n >= 9), "a 1M segment merged with 20k ones: " + m);
    }
  }

  @Test
  void nothingToDoForAFewSegments() {
    List<SegmentStats> stats = new ArrayList<>();
    for (int i = 0; i < DEFAULTS.segmentsPerTier(); i++) {
      stats.add(segment(i, 1_000 + i, i));
    }
    assertEquals(List.of(), DEFAULTS.findMerges(stats, Set.of()));
    assertEquals(List.of(), DEFAULTS.findMerges(List.of(), Set.of()));
  }

  @Test
  void theOutputDependsOnlyOnTheSegments() {
    Random random = new Random(7);
    List<SegmentStats> stats = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int points = 1 + random.nextInt(random.nextBoolean() ? 30_000 : 3_000_000);
      stats.add(segment(i, points, random.nextInt(points / 3 + 1)));
    }
    Set<Integer> merging = Set.of(3, 5, 8, 13, 21);
    List<OneMerge> first = DEFAULTS.findMerges(stats, merging);
    assertFalse(first.isEmpty());
    for (int i = 0; i < 5; i++) {
      Collections.shuffle(stats, random);
      assertEquals(first, DEFAULTS.findMerges(stats, merging));
    }
    for (OneMerge m : first) {
      assertTrue(Collections.disjoint(m.segments(), merging), m.toString());
    }
  }

  @Test
  void forceMergeAllTakesEverySegmentNotBeingMerged() {
    assertEquals(Optional.empty(), DEFAULTS.forceMergeAll(List.of(), Set.of()));
    assertEquals(Optional.empty(), DEFAULTS.forceMergeAll(List.of(segment(4, 10, 0)), Set.of()));
    assertEquals(Optional.of(new OneMerge(OneMerge.Kind.FORCE, List.of(4), 9)),
        DEFAULTS.forceMergeAll(List.of(segment(4, 10, 1)), Set.of()));
    List<SegmentStats> stats = List.of(segment(1, 10, 0), segment(2, 9_000_000, 0), segment(3, 30, 5),
        segment(4, 7_000_000, 0));
    assertEquals(Optional.of(new OneMerge(OneMerge.Kind.FORCE, List.of(2, 4, 3, 1), 16_000_035)),
        DEFAULTS.forceMergeAll(stats, Set.of()));
    assertEquals(Optional.of(new OneMerge(OneMerge.Kind.FORCE, List.of(4, 3, 1), 7_000_035)),
        DEFAULTS.forceMergeAll(stats, Set.of(2)));
    assertEquals(Optional.empty(), DEFAULTS.forceMergeAll(stats, Set.of(1, 2, 3)));
  }

  @Test
  void anEmptiedSegmentIsVacuumedToNothing() {
    Simulation sim = new Simulation(DEFAULTS);
    sim.seal(5_000, 5_000);
    sim.seal(5_000, 0);
    sim.settle();
    assertEquals(Set.of(1), sim.segments.keySet());
  }

  // --- validation ---

  @Test
  void badParametersAreNamedWithTheExpectedRange() {
    assertBad(b -> b.segmentsPerTier(1), "segmentsPerTier is 1, expected 2 or more");
    assertBad(b -> b.maxMergeAtOnce(0), "maxMergeAtOnce is 0, expected 2 or more");
    assertBad(b -> b.floorPoints(-3), "floorPoints is -3, expected 1 or more");
    assertBad(b -> b.maxMergedPoints(5_000), "maxMergedPoints is 5000, expected at least floorPoints (10000)");
    assertBad(b -> b.deletesPctAllowed(0.5), "deletesPctAllowed is 0.5, expected 1.0..100.0");
    assertBad(b -> b.deletesPctAllowed(101), "deletesPctAllowed is 101.0, expected 1.0..100.0");
    assertBad(b -> b.deletesPctAllowed(Double.NaN), "deletesPctAllowed is NaN, expected 1.0..100.0");
    assertBad(b -> b.maxSegments(0), "maxSegments is 0, expected 1 or more");
    TieredMergePolicy p = TieredMergePolicy.builder().segmentsPerTier(5).maxMergeAtOnce(4).floorPoints(100)
        .maxMergedPoints(100).deletesPctAllowed(100).maxSegments(1).build();
    assertEquals(List.of(5, 4, 100, 100, 1), List.of(p.segmentsPerTier(), p.maxMergeAtOnce(), p.floorPoints(),
        p.maxMergedPoints(), p.maxSegments()));
    assertEquals(100.0, p.deletesPctAllowed());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertEquals(10, DEFAULTS.segmentsPerTier());
    assertEquals(10, DEFAULTS.maxMergeAtOnce());
    assertEquals(10_000, DEFAULTS.floorPoints());
    assertEquals(5_000_000, DEFAULTS.maxMergedPoints());
    assertEquals(20.0, DEFAULTS.deletesPctAllowed());
    assertEquals(1_000, DEFAULTS.maxSegments());
  }

  @Test
  void badSegmentListsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DEFAULTS.findMerges(List.of(segment(1, 5, 0), segment(1, 6, 0)), Set.of()));
    assertEquals("segment 1 is listed twice, expected each segment once", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SegmentStats(2, 10, 11, 0));
    assertEquals("segment 2 has 11 deleted points, expected 0..10", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SegmentStats(-1, 10, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new SegmentStats(1, -1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new SegmentStats(1, 1, 0, -1));
  }

  private static void assertBad(Consumer<TieredMergePolicy.Builder> change, String message) {
    TieredMergePolicy.Builder b = TieredMergePolicy.builder();
    change.accept(b);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertEquals(message, e.getMessage());
  }

  private static SegmentStats segment(int number, int points, int deleted) {
    return new SegmentStats(number, points, deleted, points * 1_024L);
  }
}
