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
    float dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return VectorMathProvider.cosineFrom(dot, na, nb);
  }

  @Override
  public String name() {
    return "scalar";
  }
}
