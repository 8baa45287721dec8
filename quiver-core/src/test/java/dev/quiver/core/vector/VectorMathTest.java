package dev.quiver.core.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VectorMathTest {

  private static final VectorMath SCALAR = ScalarVectorMath.INSTANCE;

  private static float[] random(SplittableRandom rnd, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return v;
  }

  /** Reference in double precision, to check both float paths against the truth. */
  private static double[] reference(float[] a, float[] b) {
    double dot = 0, l2 = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      double d = (double) a[i] - b[i];
      l2 += d * d;
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return new double[] {dot, l2, dot / Math.sqrt(na * nb)};
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 16, 127, 384, 1021})
  void simdAndScalarAgreeOnAwkwardDimensions(int dim) {
    VectorMath panama = VectorMathProvider.panamaOrNull();
    assumeTrue(panama != null, "Vector API not available in this JVM");
    SplittableRandom rnd = new SplittableRandom(dim);
    for (int trial = 0; trial < 50; trial++) {
      float[] a = random(rnd, dim);
      float[] b = random(rnd, dim);
      double[] ref = reference(a, b);
      double tol = 1e-5 * dim + 1e-6;
      for (VectorMath m : new VectorMath[] {SCALAR, panama}) {
        assertEquals(ref[0], m.dot(a, b), tol, m.name() + " dot, dim " + dim);
        assertEquals(ref[1], m.squareDistance(a, b), tol, m.name() + " squareDistance, dim " + dim);
        assertEquals(ref[2], m.cosine(a, b), 1e-5, m.name() + " cosine, dim " + dim);
      }
      assertEquals(SCALAR.dot(a, b), panama.dot(a, b), tol);
      assertEquals(SCALAR.squareDistance(a, b), panama.squareDistance(a, b), tol);
      assertEquals(SCALAR.cosine(a, b), panama.cosine(a, b), 1e-5);
    }
  }

  @Test
  void cosineOfZeroVectorIsZero() {
    float[] zero = new float[5];
    float[] one = {1, 2, 3, 4, 5};
    assertEquals(0f, SCALAR.cosine(zero, one));
    VectorMath panama = VectorMathProvider.panamaOrNull();
    if (panama != null) {
      assertEquals(0f, panama.cosine(zero, one));
    }
  }

  @Test
  void chosenImplementationFollowsTheSystemProperty() {
    String setting = System.getProperty(VectorMathProvider.PROPERTY, "auto");
    if (setting.equals("scalar")) {
      assertEquals("scalar", VectorMath.get().name());
    } else if (VectorMathProvider.panamaOrNull() != null) {
      assertTrue(VectorMath.get().name().startsWith("panama"), VectorMath.get().name());
    }
  }

  @Test
  void unknownSettingIsRefusedWithTheExpectedValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VectorMathProvider.choose("fast"));
    assertTrue(e.getMessage().contains("fast") && e.getMessage().contains("auto, scalar or panama"),
        e.getMessage());
    assertEquals("scalar", VectorMathProvider.choose("scalar").name());
  }

  @Test
  void metricsScoreHigherForCloserVectors() {
    float[] q = Metric.COSINE.prepare(new float[] {1, 0});
    float[] near = Metric.COSINE.prepare(new float[] {2, 0.1f});
    float[] far = Metric.COSINE.prepare(new float[] {-1, 1});
    assertTrue(Metric.COSINE.score(SCALAR, q, near) > Metric.COSINE.score(SCALAR, q, far));
    assertEquals(1f, Metric.COSINE.score(SCALAR, near, near), 1e-6);
    assertEquals(5f, Metric.EUCLIDEAN.distance(
        Metric.EUCLIDEAN.score(SCALAR, new float[] {0, 0}, new float[] {3, 4})), 1e-6);
    assertEquals(Metric.EUCLIDEAN, Metric.parse("L2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.parse("manhattan"));
    assertTrue(e.getMessage().contains("manhattan"));
  }
}
