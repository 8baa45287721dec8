package dev.quiver.embed.word;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Word2VecKernels} on the JDK Vector API; loaded only when the module is present. */
final class PanamaWord2VecKernels extends Word2VecKernels {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  @Override
  float dot(float[] a, int ao, float[] b, int bo, int n) {
    int k = 0;
    int bound = SPECIES.loopBound(n);
    FloatVector acc = FloatVector.zero(SPECIES);
    for (; k < bound; k += SPECIES.length()) {
      acc = FloatVector.fromArray(SPECIES, a, ao + k).fma(FloatVector.fromArray(SPECIES, b, bo + k), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; k < n; k++) {
      s += a[ao + k] * b[bo + k];
    }
    return s;
  }

  @Override
  void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
    int k = 0;
    int bound = SPECIES.loopBound(n);
    FloatVector va = FloatVector.broadcast(SPECIES, alpha);
    for (; k < bound; k += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, x, xo + k).fma(va, FloatVector.fromArray(SPECIES, y, yo + k))
          .intoArray(y, yo + k);
    }
    for (; k < n; k++) {
      y[yo + k] += alpha * x[xo + k];
    }
  }

  @Override
  String name() {
    return "panama-" + SPECIES.vectorBitSize();
  }
}
