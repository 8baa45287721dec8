package dev.quiver.embed.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RetrievalEvaluation} on a hand-computed example, and its errors. */
class RetrievalEvaluationTest {

  /**
   * Labels a, a, b, b for (1,0), (0.9,0.1), (0,1), (0.8,0.2). Nearest other by cosine: 0 -> 1 (a, hit),
   * 1 -> 0 (a, hit), 2 -> 3 (b, hit), 3 -> 1 (a, miss; its b neighbour 2 comes third). precision@1 =
   * 3/4; nDCG@10 = (1 + 1 + 1 + 1/log2(4)) / 4 = 0.875 (one relevant other each, so IDCG = 1).
   */
  @Test
  void handComputedExample() {
    var r = RetrievalEvaluation.evaluate("hand", null, List.of(new float[] {1, 0}, new float[] {0.9f, 0.1f},
        new float[] {0, 1}, new float[] {0.8f, 0.2f}), List.of("a", "a", "b", "b"), 1, 0);
    assertEquals(0.75, r.precisionAtK(), 1e-12);
    assertEquals(0.875, r.ndcgAt10(), 1e-12);
    assertEquals(4, r.queries());
    assertEquals(2, r.labels());
    String table = RetrievalEvaluation.table(List.of(r));
    assertTrue(table.contains("| hand "), table);
    assertTrue(table.contains("0.7500"), table);
  }

  @Test
  void uniqueLabelsAreCandidatesNotQueries() {
    var r = RetrievalEvaluation.evaluate("hand", "a note", List.of(new float[] {1, 0}, new float[] {0.9f, 0.1f},
        new float[] {0.95f, 0.05f}), List.of("a", "a", "c"), 1, 0);
    assertEquals(2, r.queries());
    assertEquals(0, r.precisionAtK(), 1e-12, "the unique 'c' text is nearer to both");
    assertTrue(RetrievalEvaluation.table(List.of(r)).contains("* hand: a note"));
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> RetrievalEvaluation.evaluate("m", null,
        List.of(new float[] {1}, new float[] {2}), List.of("a"), 10, 0));
    assertTrue(e.getMessage().contains("2 texts but 1 labels"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RetrievalEvaluation.evaluate("m", null,
        List.of(new float[] {1}, new float[] {2}), List.of("a", "b"), 10, 0));
    assertTrue(e.getMessage().contains("no label occurs more than once"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RetrievalEvaluation.evaluate("m", null,
        List.of(new float[] {1}, new float[] {2}), List.of("a", "a"), 0, 0));
    assertTrue(e.getMessage().contains("k must be between 1 and 1000, got 0"), e.getMessage());
  }
}
