package dev.quiver.core.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeighborQueueTest {

  @Test
  void minHeapKeepsTheBestKIncludingNegativeScores() {
    NeighborQueue q = new NeighborQueue(2, false);
    float[] scores = {-3f, 0.5f, -0.25f, 7f, -100f, 2f, 0f};
    for (int i = 0; i < scores.length; i++) {
      q.insertWithOverflow(i, scores[i], 3);
    }
    TopHits top = q.drainToTopHits(0);
    assertArrayEquals(new int[] {3, 5, 1}, top.ords());
    assertArrayEquals(new float[] {7f, 2f, 0.5f}, top.scores());
  }

  @Test
  void maxHeapPopsBestFirst() {
    NeighborQueue q = new NeighborQueue(1, true);
    SplittableRandom rnd = new SplittableRandom(1);
    float[] scores = new float[500];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (float) (rnd.nextDouble() * 200 - 100);
      q.add(i, scores[i]);
    }
    float previous = Float.POSITIVE_INFINITY;
    while (q.size() > 0) {
      float s = q.topScore();
      int ord = q.pop();
      assertEquals(scores[ord], s);
      assertEquals(true, s <= previous);
      previous = s;
    }
  }
}
