package dev.quiver.core.index;

import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.VectorMath;
import java.nio.FloatBuffer;

/**
 * Float vectors read in place from a memory-mapped file (the vectors block of a version-2 index
 * file): nothing of them is on the heap.
 *
 * <p>How a mapped vector is scored, and why: each scorer copies the stored vector into a reused
 * {@code float[]} with one absolute bulk get (a {@code memcpy}: the mapping is little-endian, the
 * CPU's order) and then runs the same {@link VectorMath} kernel as the on-heap index. Measured on
 * this machine (dimension 784, random ordinals over 60,000 vectors, JDK 25, AVX2; numbers in the
 * h4-seam report and {@code docs/index-format.md}), copy-then-SIMD cost about 1.1 to 1.3 times the
 * on-heap dot product, and reading the mapping directly with {@code FloatVector.fromMemorySegment}
 * was no faster than the copy. The copy wins on three more counts: it needs no
 * {@code java.lang.foreign} (preview on JDK 21, which this project compiles for, so it would need a
 * multi-release jar), it gives bit-for-bit the scores of the on-heap index (same kernel, same
 * operand order) so a mapped index answers exactly like the index it was written from, and a
 * quantized store can reuse the pattern with its own kernel.
 *
 * <p>Thread safety: shared freely; each scorer owns its scratch array and belongs to one thread.
 */
final class MappedVectorValues implements VectorValues {

  private static final VectorMath MATH = VectorMath.get();

  private final FloatBuffer[] chunks;
  private final int shift;
  private final int mask;
  private final int dimension;
  private final int size;

  MappedVectorValues(MappedRecords records, int dimension) {
    this.chunks = records.floatChunks();
    this.shift = records.shift();
    this.mask = records.mask();
    this.dimension = dimension;
    this.size = (int) records.count();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public float[] vector(int ord) {
    float[] out = new float[dimension];
    copy(ord, out);
    return out;
  }

  void copy(int ord, float[] into) {
    chunks[ord >>> shift].get((ord & mask) * dimension, into);
  }

  @Override
  public ScorerSupplier scorerSupplier(Metric metric) {
    boolean euclidean = metric == Metric.EUCLIDEAN;
    return new ScorerSupplier() {
      @Override
      public VectorScorer scorer(int ord) {
        return queryScorer(vector(ord));
      }

      @Override
      public VectorScorer queryScorer(float[] query) {
        return new Scorer(query, euclidean);
      }
    };
  }

  /** Scores one fixed vector against mapped ones through a scratch copy (see the class comment). */
  private final class Scorer implements VectorScorer {
    private final float[] query;
    private final float[] scratch = new float[dimension];
    private final boolean euclidean;

    Scorer(float[] query, boolean euclidean) {
      this.query = query;
      this.euclidean = euclidean;
    }

    @Override
    public float score(int ord) {
      chunks[ord >>> shift].get((ord & mask) * dimension, scratch);
      return euclidean ? -MATH.squareDistance(query, scratch) : MATH.dot(query, scratch);
    }
  }
}
