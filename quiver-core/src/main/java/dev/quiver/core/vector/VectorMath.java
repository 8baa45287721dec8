package dev.quiver.core.vector;

/**
 * The distance kernels every index scores with. Two implementations exist: {@link ScalarVectorMath}
 * (plain Java, always available) and {@code PanamaVectorMath} (the JDK Vector API). {@link #get()}
 * returns the one chosen once at start-up; see {@link VectorMathProvider} for how it is chosen.
 *
 * <p>All methods require both arrays to have the same length; they do not check it in the hot path.
 */
public interface VectorMath {

  /** Inner product of {@code a} and {@code b}. */
  float dot(float[] a, float[] b);

  /** Squared Euclidean distance between {@code a} and {@code b}. */
  float squareDistance(float[] a, float[] b);

  /** Cosine similarity of {@code a} and {@code b}; 0 when either has zero norm. */
  float cosine(float[] a, float[] b);

  /** A short name for logs and benchmark tables ("scalar", "panama-512"). */
  String name();

  /** The implementation chosen for this JVM. */
  static VectorMath get() {
    return VectorMathProvider.INSTANCE;
  }
}
