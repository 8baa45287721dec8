package dev.quiver.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RecallTest {

  @Test
  void handMadeCases() {
    int[][] truth = {{1, 2, 3, 4}, {5, 6, 7, 8}};
    assertEquals(1.0, Recall.at(truth, new int[][] {{4, 3, 2, 1}, {5, 6, 7, 8}}, 4), 1e-12);
    // 2/4 and 1/4 → mean 0.375
    assertEquals(0.375, Recall.at(truth, new int[][] {{1, 2, 9, 10}, {8, 0, 0, 0}}, 4), 1e-12);
    // Short result rows: the missing entries are misses.
    assertEquals(0.5, Recall.at(truth, new int[][] {{1, 2}, {5, 6}}, 4), 1e-12);
    assertEquals(0.0, Recall.at(truth, new int[][] {{}, {}}, 4), 1e-12);
    // Only the top k of each side counts.
    assertEquals(0.5, Recall.at(truth, new int[][] {{1, 3, 2}, {6, 8, 5}}, 2), 1e-12);
    // A duplicated id counts once.
    assertEquals(0.25, Recall.at(new int[][] {{1, 2, 3, 4}}, new int[][] {{1, 1, 1, 1}}, 4), 1e-12);
  }

  @Test
  void rejectsMismatchedInput() {
    assertThrows(IllegalArgumentException.class, () -> Recall.at(new int[][] {{1}}, new int[][] {{1}, {2}}, 1));
    assertThrows(IllegalArgumentException.class, () -> Recall.at(new int[][] {{1}}, new int[][] {{1}}, 0));
  }
}
