package dev.quiver.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClusteredDatasetTest {

  @Test
  void sameSeedSameData() {
    Dataset a = ClusteredDataset.generate(3000, 50, 37, 42);
    Dataset b = ClusteredDataset.generate(3000, 50, 37, 42);
    assertEquals("clustered-37-cosine-3000", a.name());
    assertEquals("cosine", a.metric());
    assertEquals(3000, a.base().length);
    assertEquals(50, a.queries().length);
    assertEquals(37, a.dimension());
    for (int i = 0; i < a.base().length; i++) {
      assertArrayEquals(a.base()[i], b.base()[i]);
    }
    for (int i = 0; i < a.queries().length; i++) {
      assertArrayEquals(a.queries()[i], b.queries()[i]);
    }
    Dataset c = ClusteredDataset.generate(3000, 50, 37, 43);
    assertFalse(Arrays.equals(a.base()[0], c.base()[0]));
  }

  @Test
  void unitNormsAndQueriesAreNotBaseCopies() {
    Dataset d = ClusteredDataset.generate(2000, 100, 64, 7);
    for (float[][] part : new float[][][] {d.base(), d.queries()}) {
      for (float[] v : part) {
        assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-5);
      }
    }
    for (float[] q : d.queries()) {
      for (float[] v : d.base()) {
        assertTrue(dot(q, v) < 0.9999, "query copies a base point");
      }
    }
  }

  @Test
  void clusteredNotUniform() {
    // Nearest neighbours should be much closer than random pairs, as with real embeddings.
    Dataset d = ClusteredDataset.generate(2000, 20, 128, 1);
    double nearest = 0;
    double random = 0;
    for (int qi = 0; qi < d.queries().length; qi++) {
      float[] q = d.queries()[qi];
      double best = -1;
      for (float[] v : d.base()) {
        best = Math.max(best, dot(q, v));
      }
      nearest += best;
      random += dot(q, d.base()[qi * 97]);
    }
    nearest /= d.queries().length;
    random /= d.queries().length;
    assertTrue(nearest > 0.6, "mean nearest-neighbour cosine " + nearest);
    assertTrue(random < 0.3, "mean random-pair cosine " + random);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void streamedBlocksEqualTheGeneratedDataset() {
    int size = 3 * ClusteredDataset.Stream.BLOCK_SIZE + 17;
    Dataset whole = ClusteredDataset.generate(size, 5, 24, 9);
    ClusteredDataset.Stream stream = ClusteredDataset.stream(size, 24, 9);
    org.junit.jupiter.api.Assertions.assertEquals(4, stream.blocks());
    int i = 0;
    for (int b = 0; b < stream.blocks(); b++) {
      for (float[] v : stream.block(b)) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(whole.base()[i++], v);
      }
    }
    org.junit.jupiter.api.Assertions.assertEquals(size, i);
    org.junit.jupiter.api.Assertions.assertArrayEquals(whole.queries(), stream.queries(5));
  }
}
