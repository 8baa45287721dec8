package dev.quiver.core.index;

import dev.quiver.core.vector.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * The small index the golden-file tests pin. Its vectors have small integer components, so every
 * score is exact in float arithmetic whatever order a kernel sums in: the SIMD and the scalar run
 * build the same graph and write the same bytes. Built single-threaded, so the graph is
 * reproducible.
 */
final class GoldenIndex {

  static final int DIMENSION = 5;
  static final int SIZE = 50;
  static final int[] DELETED = {3, 41};
  static final String V1_RESOURCE = "golden-v1.qvh";
  static final String V2_RESOURCE = "golden-v2.qvh";

  private GoldenIndex() {}

  static float[][] vectors() {
    SplittableRandom rnd = new SplittableRandom(20240607L);
    float[][] v = new float[SIZE][DIMENSION];
    for (float[] row : v) {
      for (int i = 0; i < DIMENSION; i++) {
        row[i] = rnd.nextInt(8);
      }
    }
    return v;
  }

  static HnswIndex build() {
    HnswIndex index = new HnswIndex(DIMENSION, Metric.EUCLIDEAN, new HnswConfig(4, 16, 10, 7L));
    index.addAll(vectors(), 1);
    for (int ord : DELETED) {
      index.delete(ord);
    }
    return index;
  }

  static float[][] queries() {
    SplittableRandom rnd = new SplittableRandom(99);
    float[][] q = new float[20][DIMENSION];
    for (float[] row : q) {
      for (int i = 0; i < DIMENSION; i++) {
        row[i] = rnd.nextInt(8) + 0.5f;
      }
    }
    return q;
  }

  static byte[] resource(String name) {
    try (InputStream in = GoldenIndex.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + name + " is missing; run the golden test with"
            + " -Dquiver.golden.update=true to write it, then commit it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
