package dev.quiver.core.vector;

/**
 * Plain-Java kernels: the fallback when the Vector API is unavailable, and the reference the SIMD
 * path is tested against. Four independent accumulators let the JIT overlap the multiply-adds.
 */
public final class ScalarVectorMath implements VectorMath {

  public static final ScalarVectorMath INSTANCE = new ScalarVectorMath();

  private ScalarVectorMath() {}

  @Override
  public float dot(float[] a, float[] b) {
    int n = a.length;
    int i = 0;
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int upper = n & ~3; i < upper; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float squareDistance(float[] a, float[] b) {
    int n = a.length;
    int i = 0;
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int upper = n & ~3; i < upper; i += 4) {
      float d0 = a[i] - b[i];
      float d1 = a[i + 1] - b[i + 1];
      float d2 = a[i + 2] - b[i + 2];
      float d3 = a[i + 3] - b[i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < n; i++) {
      float d = a[i] - b[i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float cosine(float[] a, float[] b) {
    // Two interleaved sets of accumulators, for the same reason as in dot().
    int n = a.length;
    int i = 0;
    float dot0 = 0, na0 = 0, nb0 = 0, dot1 = 0, na1 = 0, nb1 = 0;
    for (int upper = n & ~1; i < upper; i += 2) {
      float a0 = a[i], b0 = b[i], a1 = a[i + 1], b1 = b[i + 1];
      dot0 += a0 * b0;
      na0 += a0 * a0;
      nb0 += b0 * b0;
      dot1 += a1 * b1;
      na1 += a1 * a1;
      nb1 += b1 * b1;
    }
    if (i < n) {
      dot0 += a[i] * b[i];
      na0 += a[i] * a[i];
      nb0 += b[i] * b[i];
    }
    return VectorMathProvider.cosineFrom(dot0 + dot1, na0 + na1, nb0 + nb1);
  }

  @Override
  public String name() {
    return "scalar";
  }
}
