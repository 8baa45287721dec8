package dev.quiver.core.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.ScalarVectorMath;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FlatIndexTest {

  static float[][] randomVectors(int n, int dim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      for (int i = 0; i < dim; i++) {
        row[i] = (float) rnd.nextGaussian();
      }
    }
    return v;
  }

  /** The obvious implementation: score everything, sort, take k. */
  static int[] naiveTopK(float[][] data, float[] query, Metric metric, int k, Bits accept) {
    float[] q = metric.prepare(query);
    return IntStream.range(0, data.length)
        .filter(i -> accept == null || accept.get(i))
        .boxed()
        .sorted(Comparator.comparingDouble(
            (Integer i) -> -metric.score(ScalarVectorMath.INSTANCE, q, metric.prepare(data[i])))
            .thenComparingInt(i -> i))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void matchesNaiveSearchForEveryMetric(Metric metric) {
    float[][] data = randomVectors(700, 13, 7);
    FlatIndex index = new FlatIndex(13, metric);
    for (float[] v : data) {
      index.add(v);
    }
    float[][] queries = randomVectors(20, 13, 8);
    int[][] batched = index.searchAll(queries, 10, 3);
    for (int i = 0; i < queries.length; i++) {
      int[] expected = naiveTopK(data, queries[i], metric, 10, null);
      TopHits hits = index.search(queries[i], 10);
      // ties are measure-zero with Gaussian data, so the order must match exactly
      assertArrayEquals(expected, hits.ords(), "query " + i);
      assertArrayEquals(expected, batched[i], "batched query " + i);
      for (int j = 1; j < hits.size(); j++) {
        assertTrue(hits.scores()[j - 1] >= hits.scores()[j]);
      }
    }
  }

  @Test
  void filterAndDeletesAreRespected() {
    float[][] data = randomVectors(500, 8, 1);
    FlatIndex index = new FlatIndex(8, Metric.EUCLIDEAN);
    for (float[] v : data) {
      index.add(v);
    }
    FixedBitSet accept = new FixedBitSet(500);
    for (int i = 0; i < 500; i += 7) {
      accept.set(i);
    }
    index.delete(14);
    index.delete(21);
    accept.clear(14);
    accept.clear(21);
    TopHits hits = index.search(data[14], 5, accept);
    assertArrayEquals(naiveTopK(data, data[14], Metric.EUCLIDEAN, 5, accept), hits.ords());
    assertEquals(498, index.liveCount());
    assertTrue(index.isDeleted(21));
    TopHits all = index.search(data[0], 1000);
    assertEquals(498, all.size());
    assertTrue(Arrays.stream(all.ords()).noneMatch(o -> o == 14 || o == 21));
  }

  @Test
  void badInputIsRefusedWithAClearMessage() {
    FlatIndex index = new FlatIndex(4, Metric.COSINE);
    IllegalArgumentException dim =
        assertThrows(IllegalArgumentException.class, () -> index.add(new float[3]));
    assertEquals("vector has dimension 3, index expects 4", dim.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> index.add(new float[] {1, Float.NaN, 0, 0}));
    assertTrue(nan.getMessage().contains("component 1 is NaN"), nan.getMessage());
    assertThrows(IllegalArgumentException.class, () -> index.search(new float[4], 0));
    assertThrows(IllegalArgumentException.class, () -> index.delete(0));
    assertEquals(0, index.search(new float[] {1, 0, 0, 0}, 3).size());
  }
}
