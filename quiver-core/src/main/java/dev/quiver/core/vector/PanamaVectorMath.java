package dev.quiver.core.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the JDK Vector API. Only loaded (reflectively, by {@link VectorMathProvider}) when
 * the {@code jdk.incubator.vector} module is present, so a JVM without it never touches this class.
 *
 * <p>Why four accumulators: a fused multiply-add has a latency of ~4 cycles but a throughput of one
 * or two per cycle, so a single dependency chain would leave the unit idle most of the time.
 */
final class PanamaVectorMath implements VectorMath {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  static final PanamaVectorMath INSTANCE = new PanamaVectorMath();

  private PanamaVectorMath() {}

  static int lanes() {
    return LANES;
  }

  @Override
  public float dot(float[] a, float[] b) {
    int n = a.length;
    int i = 0;
    float sum = 0;
    if (n >= LANES) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = FloatVector.zero(SPECIES);
      FloatVector acc3 = FloatVector.zero(SPECIES);
      int upper4 = n - n % (4 * LANES);
      for (; i < upper4; i += 4 * LANES) {
        acc0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc0);
        acc1 = FloatVector.fromArray(SPECIES, a, i + LANES)
            .fma(FloatVector.fromArray(SPECIES, b, i + LANES), acc1);
        acc2 = FloatVector.fromArray(SPECIES, a, i + 2 * LANES)
            .fma(FloatVector.fromArray(SPECIES, b, i + 2 * LANES), acc2);
        acc3 = FloatVector.fromArray(SPECIES, a, i + 3 * LANES)
            .fma(FloatVector.fromArray(SPECIES, b, i + 3 * LANES), acc3);
      }
      int upper = SPECIES.loopBound(n);
      for (; i < upper; i += LANES) {
        acc0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc0);
      }
      sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  @Override
  public float squareDistance(float[] a, float[] b) {
    int n = a.length;
    int i = 0;
    float sum = 0;
    if (n >= LANES) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = FloatVector.zero(SPECIES);
      FloatVector acc3 = FloatVector.zero(SPECIES);
      int upper4 = n - n % (4 * LANES);
      for (; i < upper4; i += 4 * LANES) {
        FloatVector d0 = FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, i));
        FloatVector d1 = FloatVector.fromArray(SPECIES, a, i + LANES)
            .sub(FloatVector.fromArray(SPECIES, b, i + LANES));
        FloatVector d2 = FloatVector.fromArray(SPECIES, a, i + 2 * LANES)
            .sub(FloatVector.fromArray(SPECIES, b, i + 2 * LANES));
        FloatVector d3 = FloatVector.fromArray(SPECIES, a, i + 3 * LANES)
            .sub(FloatVector.fromArray(SPECIES, b, i + 3 * LANES));
        acc0 = d0.fma(d0, acc0);
        acc1 = d1.fma(d1, acc1);
        acc2 = d2.fma(d2, acc2);
        acc3 = d3.fma(d3, acc3);
      }
      int upper = SPECIES.loopBound(n);
      for (; i < upper; i += LANES) {
        FloatVector d = FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, i));
        acc0 = d.fma(d, acc0);
      }
      sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      float d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  @Override
  public float cosine(float[] a, float[] b) {
    int n = a.length;
    int i = 0;
    float dot = 0, na = 0, nb = 0;
    if (n >= LANES) {
      FloatVector vDot = FloatVector.zero(SPECIES);
      FloatVector vNa = FloatVector.zero(SPECIES);
      FloatVector vNb = FloatVector.zero(SPECIES);
      int upper = SPECIES.loopBound(n);
      for (; i < upper; i += LANES) {
        FloatVector va = FloatVector.fromArray(SPECIES, a, i);
        FloatVector vb = FloatVector.fromArray(SPECIES, b, i);
        vDot = va.fma(vb, vDot);
        vNa = va.fma(va, vNa);
        vNb = vb.fma(vb, vNb);
      }
      dot = vDot.reduceLanes(VectorOperators.ADD);
      na = vNa.reduceLanes(VectorOperators.ADD);
      nb = vNb.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return VectorMathProvider.cosineFrom(dot, na, nb);
  }

  @Override
  public String name() {
    return "panama-" + SPECIES.vectorBitSize();
  }
}
