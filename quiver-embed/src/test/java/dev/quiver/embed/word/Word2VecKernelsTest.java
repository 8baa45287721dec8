package dev.quiver.embed.word;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class Word2VecKernelsTest {

  @Test
  void simdKernelsMatchPlainJavaOnAwkwardDimensions() {
    Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "Vector API module not present");
    Word2VecKernels scalar = new Word2VecKernels();
    Word2VecKernels simd = new PanamaWord2VecKernels();
    Random r = new Random(3);
    for (int dim : new int[] {1, 2, 3, 7, 13, 17, 31, 37, 67, 101, 300}) {
      float[] a = new float[dim * 3 + 5];
      float[] b = new float[dim * 3 + 5];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextGaussian();
        b[i] = (float) r.nextGaussian();
      }
      int ao = 2;
      int bo = dim + 1;
      assertEquals(scalar.dot(a, ao, b, bo, dim), simd.dot(a, ao, b, bo, dim), 1e-4f * dim, "dot at " + dim);
      float[] y1 = b.clone();
      float[] y2 = b.clone();
      scalar.axpy(0.37f, a, ao, y1, bo, dim);
      simd.axpy(0.37f, a, ao, y2, bo, dim);
      assertArrayEquals(y1, y2, 1e-5f, "axpy at " + dim);
    }
  }
}
