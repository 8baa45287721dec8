package dev.quiver.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiver.core.index.TopHits;
import org.junit.jupiter.api.Test;

class RankFusionTest {

  private static TopHits hits(int[] ords, float[] scores) {
    return new TopHits(ords, scores, ords.length);
  }

  @Test
  void reciprocalRankFusionSumsOneOverKPlusRank() {
    TopHits vector = hits(new int[] {10, 20, 30}, new float[] {0.9f, 0.8f, 0.1f});
    TopHits keyword = hits(new int[] {30, 40, 10}, new float[] {12f, 3f, 1f});
    TopHits fused = RankFusion.fuse(vector, keyword, Fusion.rrf(), 10);
    // 10: 1/61 + 1/63; 30: 1/63 + 1/61 (tie: lower ordinal first); 20: 1/62; 40: 1/62.
    assertArrayEquals(new int[] {10, 30, 20, 40}, fused.ords());
    assertEquals(1.0 / 61 + 1.0 / 63, fused.scores()[0], 1e-7);
    assertEquals(fused.scores()[0], fused.scores()[1]);
    assertEquals(1.0 / 62, fused.scores()[2], 1e-7);
    // k = 1 rewards the top ranks more: 10 (1/2 + 1/4) vs 30 (1/4 + 1/2) still tie, 20 = 40 = 1/3.
    TopHits sharp = RankFusion.fuse(vector, keyword, Fusion.rrf(1), 2);
    assertArrayEquals(new int[] {10, 30}, sharp.ords());
    assertEquals(0.75, sharp.scores()[0], 1e-7);
  }

  @Test
  void weightedFusionNormalisesEachListByMinMax() {
    TopHits vector = hits(new int[] {1, 2, 3}, new float[] {0.9f, 0.5f, 0.1f});
    TopHits keyword = hits(new int[] {3, 4}, new float[] {20f, 10f});
    // Normalised: vector 1 → 1, 2 → 0.5, 3 → 0; keyword 3 → 1, 4 → 0.
    TopHits even = RankFusion.fuse(vector, keyword, Fusion.weighted(0.5), 10);
    assertArrayEquals(new int[] {1, 3, 2, 4}, even.ords()); // 0.5, 0.5 (tie → lower ord), 0.25, 0
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.25f, 0f}, even.scores(), 1e-6f);
    TopHits keywordHeavy = RankFusion.fuse(vector, keyword, Fusion.weighted(0.2), 10);
    assertArrayEquals(new int[] {3, 1, 2, 4}, keywordHeavy.ords()); // 0.8, 0.2, 0.1, 0
    assertEquals(0.8f, keywordHeavy.scores()[0], 1e-6f);
    // One list alone, or a list of equal scores (normalised to 1).
    TopHits flat = RankFusion.fuse(hits(new int[] {5, 6}, new float[] {2f, 2f}), null, Fusion.weighted(1), 10);
    assertArrayEquals(new int[] {5, 6}, flat.ords());
    assertArrayEquals(new float[] {1f, 1f}, flat.scores());
    assertEquals(0, RankFusion.fuse(null, TopHits.empty(), Fusion.rrf(), 5).size());
  }

  @Test
  void scaledFusionKeepsAWeakKeywordHitWeak() {
    TopHits vector = hits(new int[] {1, 2, 3}, new float[] {0.9f, 0.5f, 0.1f});
    // The query's ideal BM25 score is 40: the keyword hits are weak (0.5 and 0.25 of it).
    TopHits keyword = hits(new int[] {3, 4}, new float[] {20f, 10f});
    TopHits scaled = RankFusion.fuse(vector, keyword, Fusion.scaled(0.5), 10, 40);
    // vector 1 → 0.5·1; 2 → 0.5·0.5; 3 → 0.5·0 + 0.5·0.5; 4 → 0.5·0.25
    assertArrayEquals(new int[] {1, 2, 3, 4}, scaled.ords());
    assertArrayEquals(new float[] {0.5f, 0.25f, 0.25f, 0.125f}, scaled.scores(), 1e-6f);
    // A full keyword match (at or over the ideal, capped at 1) still lifts its document to the top.
    TopHits strong = RankFusion.fuse(vector, hits(new int[] {3}, new float[] {55f}), Fusion.scaled(0.5), 10, 40);
    assertArrayEquals(new int[] {1, 3, 2}, strong.ords()); // 0.5, 0.5 (tie → lower ord), 0.25
    // Without an ideal score it falls back to min-max, like weighted fusion.
    assertArrayEquals(RankFusion.fuse(vector, keyword, Fusion.weighted(0.5), 10).ords(),
        RankFusion.fuse(vector, keyword, Fusion.scaled(0.5), 10, 0).ords());
    assertThrows(IllegalArgumentException.class, () -> Fusion.scaled(-0.1));
  }

  @Test
  void badParametersAreRefused() {
    assertEquals("RRF k must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> Fusion.rrf(0)).getMessage());
    assertEquals("weighted fusion alpha must be in [0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> Fusion.weighted(1.5)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Fusion.weighted(Double.NaN));
  }
}
