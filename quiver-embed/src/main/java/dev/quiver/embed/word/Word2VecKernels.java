package dev.quiver.embed.word;

import dev.quiver.core.vector.VectorMath;

/**
 * The two row operations skip-gram training spends its time in, on rows of the shared weight
 * arrays. Plain Java here; {@link PanamaWord2VecKernels} uses the JDK Vector API and is chosen
 * whenever Quiver's own vector math is (same switch: {@code -Dquiver.vectormath}).
 */
class Word2VecKernels {

  static final Word2VecKernels INSTANCE = choose();

  private static Word2VecKernels choose() {
    if (VectorMath.get().name().startsWith("panama")) {
      try {
        return (Word2VecKernels) Class.forName("dev.quiver.embed.word.PanamaWord2VecKernels")
            .getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        // fall through to plain Java: the core already warned if SIMD is off
      }
    }
    return new Word2VecKernels();
  }

  /**
   * a[ao..ao+n) · b[bo..bo+n). Four accumulators: the JIT does not vectorise a float reduction (it
   * would reorder the additions), but independent sums still overlap in the pipeline.
   */
  float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int k = 0;
    for (; k + 3 < n; k += 4) {
      s0 += a[ao + k] * b[bo + k];
      s1 += a[ao + k + 1] * b[bo + k + 1];
      s2 += a[ao + k + 2] * b[bo + k + 2];
      s3 += a[ao + k + 3] * b[bo + k + 3];
    }
    for (; k < n; k++) {
      s0 += a[ao + k] * b[bo + k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** y[yo..yo+n) += alpha · x[xo..xo+n). */
  void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
    for (int k = 0; k < n; k++) {
      y[yo + k] += alpha * x[xo + k];
    }
  }

  String name() {
    return "scalar";
  }
}
